"""In-process measurements for the bench, against the database in DATABASE_URL.

    python bench/probe.py facts     -> JSON: the review to read and reveal, review counts
    python bench/probe.py queries   -> JSON: SQL statements per request of each target

Queries are counted with a SQLAlchemy `before_cursor_execute` listener around one
request made with the Flask test client (after one warm-up request, so caches such as
the user loader's are in the state a steady server has). The app is unchanged: this is
the only place the listener exists. It also checks the requests do what the bench
means (status codes, gating active for the signed-in reader).
"""

import json
import re
import sys
from pathlib import Path

from sqlalchemy import event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from targets import MID_EPISODE, READERS, SHOW, Target, targets  # noqa: E402

from app import create_app  # noqa: E402
from app.demo.scale import EMAIL_DOMAIN  # noqa: E402
from app.extensions import db  # noqa: E402
from app.markup import episodes_in  # noqa: E402
from app.models import Review, Show, User  # noqa: E402

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def facts() -> dict:
    """The review the review/reveal targets use and the show's review counts.

    The review is the oldest hand-written demo review of the show (the same at every
    scale), revealed at its first spoiler episode beyond MID_EPISODE.
    """
    show = db.session.scalar(select(Show).where(Show.slug == SHOW))
    generated = select(User.id).where(User.email.like(f"%@{EMAIL_DOMAIN}"))
    total = db.session.scalar(select(func.count()).where(Review.show_id == show.id))
    demo = db.session.scalars(
        select(Review)
        .where(Review.show_id == show.id, Review.author_id.not_in(generated))
        .order_by(Review.id)
    ).all()
    for review in demo:
        later = [ep for ep in episodes_in(review.segments) if ep > MID_EPISODE]
        if later:
            return {
                "review_id": review.id,
                "reveal_episode": later[0],
                "reviews": total,
                "demo_reviews": len(demo),
            }
    raise SystemExit(f"no demo review of {SHOW} has a spoiler beyond episode {MID_EPISODE}")


def sign_in(client, username: str) -> str:
    """Sign the test client in through the login form; return the session's CSRF token."""
    token = CSRF_META.search(client.get("/login").text).group(1)
    reply = client.post(
        "/login", data={"username": username, "password": "unspoiled-demo", "csrf_token": token}
    )
    if reply.status_code != 303:
        raise SystemExit(f"cannot sign in {username} (run the bench, which creates readers)")
    return CSRF_META.search(client.get("/").text).group(1)


def one_request(client, target: Target, token: str, body_index: int):
    """Make the target's request once with the test client."""
    headers = dict(target.headers)
    if target.method == "GET":
        return client.get(target.path, headers=headers)
    body = target.bodies[body_index % len(target.bodies)] + f"&csrf_token={token}"
    headers["X-CSRFToken"] = token
    return client.open(target.path, method=target.method, data=body, headers=headers)


def count(engine, client, target: Target, token: str) -> int:
    """SQL statements run by a request once every request it rotates through has been
    made once (a GET: the second of two; the progress POST: episode 5 again after 5 and 6,
    whose reply the page cache then holds, as it does for wrk's requests)."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    rotation = max(1, len(target.bodies))
    for index in range(rotation):
        one_request(client, target, token, index)
    event.listen(engine, "before_cursor_execute", record)
    try:
        reply = one_request(client, target, token, rotation)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    if reply.status_code != 200:
        raise SystemExit(f"{target.name}: HTTP {reply.status_code} in-process")
    if target.name == "show-signed-in" and "Spoiler for episode" not in reply.text:
        raise SystemExit("show-signed-in: no withheld spoiler on the page; gating is not active")
    if target.name == "feed" and 'class="feed-item' not in reply.text:
        raise SystemExit("feed: no item on the page; is the feed seeded (bench/feed.py)?")
    if target.name == "unread" and "99+" not in reply.text:
        raise SystemExit("unread: the badge is not at its cap; are notifications seeded?")
    closed = "This page opens when you reach" in reply.text
    if target.name.startswith("episode") and closed is not target.name.endswith("closed"):
        raise SystemExit(f"{target.name}: the episode page is {'closed' if closed else 'open'}")
    return len(statements)


def queries() -> dict[str, int]:
    """Statements per request of every target.

    No application context is held around the requests: each request must get its own,
    as under gunicorn, or they would share `g` (the signed-in user) and the session.
    """
    app = create_app()
    with app.app_context():
        info = facts()
        engine = db.engine
    anonymous, member = app.test_client(), app.test_client()
    token = sign_in(member, READERS[0])
    counts = {}
    chosen = targets(review_id=info["review_id"], reveal_episode=info["reveal_episode"])
    for target in (t for t in chosen if t.app == "wsgi:app"):  # not bench/hello.py's
        client = member if target.signed_in else anonymous
        counts[target.name] = count(engine, client, target, token)
    one_request(member, chosen[-1], token, 0)  # leave the reader at MID_EPISODE
    return counts


def main() -> None:
    """Print the requested measurement as JSON."""
    mode = sys.argv[1] if len(sys.argv) > 1 else "queries"
    if mode == "facts":
        app = create_app()
        with app.app_context():
            print(json.dumps(facts()))
    elif mode == "queries":
        print(json.dumps(queries()))
    else:
        raise SystemExit(f"unknown mode {mode!r}: use facts or queries")


if __name__ == "__main__":
    main()
