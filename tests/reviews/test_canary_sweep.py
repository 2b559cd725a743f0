"""Canary sweep: every GET route, as every kind of reader, never carries a withheld spoiler.

Routes are read from app.url_map, so a new page is swept as soon as it exists; a route
with a URL argument this file does not know fails the test until it is taught here.
"""

import io
import zipfile

import pytest

from app.extensions import db
from tests.fixtures.reviews import SNOOP_EPISODE

EPISODES = 10
CANARIES = {ep: f"CANARY{ep:02d}X" for ep in range(1, EPISODES + 1)}
BODY = "\n\n".join(
    ["Spoiler-free opening paragraph."]
    + [f"[spoiler ep={ep}]\nBlock {CANARIES[ep]} text.\n[/spoiler]" for ep in (1, 4, 6, 9)]
    + [f"Inline [spoiler ep={ep}]{CANARIES[ep]}[/spoiler] here." for ep in (2, 5, 7)]
    + [f"Untagged ||{CANARIES[10]}|| at the end."]
)
SKIPPED_ENDPOINTS = {"static"}
COMMENT_CANARY = "COMMENTCANARY"  # spoils episode 8, in a comment under the review
THREAD_CANARY = "THREADCANARY"  # spoils episode 8, in a comment in episode 1's thread
# Episode titles and synopses are withheld beyond progress like spoilers (issue 17).
TITLE_CANARIES = {ep: f"TITLEBIRD{ep:02d}Q" for ep in range(1, EPISODES + 1)}
SYNOPSIS_CANARIES = {ep: f"SYNOPSISFISH{ep:02d}Q" for ep in range(1, EPISODES + 1)}
EPISODE_GUIDE = [
    {"title": TITLE_CANARIES[ep], "synopsis": SYNOPSIS_CANARIES[ep]}
    for ep in range(1, EPISODES + 1)
]


def review_comment(review):
    """A comment with its own withheld spoiler, so comment pages are swept too."""
    from app.comments.service import add_comment
    from app.markup import render_document
    from app.models import Comment

    comment = db.session.scalar(db.select(Comment).where(Comment.review_id == review.id))
    if comment is None:
        body = f"Agreed. [spoiler ep=8]{COMMENT_CANARY} in a comment[/spoiler]"
        segments = render_document(body, episode_count=review.show.episode_count)
        comment = add_comment(review, review.author, body, segments)
        db.session.commit()
    return comment


def thread_comment(review):
    """A comment in the thread of episode 1 with its own withheld spoiler, so every route
    that takes a comment is swept with a thread comment too (issue 17)."""
    from app.markup import render_document
    from app.models import Comment

    comment = db.session.scalar(db.select(Comment).where(Comment.show_id == review.show_id))
    if comment is None:
        body = f"Episode one talk. [spoiler ep=8]{THREAD_CANARY} in a thread[/spoiler]"
        segments = render_document(body, episode_count=review.show.episode_count)
        comment = Comment(thread_show=review.show, episode=1, written_at_episode=EPISODES,
                          author=review.author, body=body, segments=segments)  # fmt: skip
        db.session.add(comment)
        db.session.commit()
    return comment


def show_list_of(review):
    """A public list holding the swept show, so list pages are swept too (issue 18)."""
    from app.models import ListItem, ShowList

    found = db.session.scalar(db.select(ShowList).where(ShowList.owner_id == review.author_id))
    if found is None:
        found = ShowList(owner=review.author, name="Swept list", is_public=True)
        db.session.add(ListItem(show_list=found, show=review.show, position=1, note="Watch it."))
        db.session.commit()
    return found


def notify_reader(review, persona: str) -> None:
    """Notifications for the signed-in persona (the newest member) about both canary
    comments, so /notifications and its fragments are swept with subjects (issue 18)."""
    from app.models import Notification, User

    if persona == "anonymous":
        return
    reader = db.session.scalar(db.select(User).order_by(User.id.desc()))
    for comment, kind in ((review_comment(review), "comment"), (thread_comment(review), "reply")):
        db.session.add(Notification(recipient_id=reader.id, kind=kind, actor_id=review.author_id,
                                    comment_id=comment.id, review_id=comment.review_id,
                                    show_id=review.show_id, episode=comment.episode))  # fmt: skip
    db.session.commit()


def text_of(response) -> str:
    """A response's text; for a zip (the member's export, issue 19), every file in it."""
    if response.mimetype != "application/zip":
        return response.get_data(as_text=True)
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        return "\n".join(archive.read(name).decode() for name in archive.namelist())


def urls_to_sweep(app, review, reader_episode: int) -> list[tuple[str, set[int], set[int]]]:
    """(url, episodes whose review spoilers it may legitimately reveal, episodes whose
    title and synopsis it may) for every GET route of the app."""
    withheld = [ep for ep in CANARIES if ep > reader_episode and CANARIES[ep] in BODY]
    first_withheld = withheld[0] if withheld else EPISODES
    comment = review_comment(review)
    threaded = thread_comment(review)
    values = {
        "comment_id": comment.id,
        "review_id": review.id,
        "slug": review.show.slug,
        "username": review.author.username,
        "episode": first_withheld,
        "filename": "0123456789abcdef0123-160.webp",  # a media file's name (none exists)
        "list_id": show_list_of(review).id,
        "token": "not-a-signed-token",  # mailed links (issue 19): a bad one gets its page
        "import_id": 1,  # a staged history import: the reader's own only, else 404
    }
    sweep = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"teach the sweep the argument(s) {unknown} of {rule.rule}"
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<{name}>", str(values[name]))
            url = url.replace(f"<int:{name}>", str(values[name]))
            url = url.replace(f"<path:{name}>", str(values[name]))
        reveals = ("reviews.reveal", "comments.reveal")
        allowed = {first_withheld} if rule.endpoint in reveals else set()
        sweep.append((url, allowed, set()))
        if rule.endpoint == "reviews.show":
            sweep.append((f"{url}?reveal={first_withheld}", {first_withheld}, set()))
        if rule.endpoint == "shows.index":
            sweep.append((f"{url}?q={review.show.title}", set(), set()))
        if rule.endpoint == "episodes.show":  # the one episode's page opens on request
            sweep.append((f"{url}?reveal=1", set(), {first_withheld}))
            thread_page = f"/shows/{review.show.slug}/episodes/1"  # where the thread comment is
            sweep.append((thread_page, set(), set()))
            sweep.append((f"{thread_page}?spoiler={first_withheld}", {first_withheld}, set()))
        if "comment_id" in rule.arguments:  # again with the thread comment
            thread_url = url.replace(f"/comments/{comment.id}", f"/comments/{threaded.id}")
            sweep.append((thread_url, allowed, set()))
    return sweep


WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_in(statements: list[str]) -> list[str]:
    """The statements among `statements` that write."""
    return [sql for sql in statements if sql.lstrip().split(None, 1)[0].upper() in WRITES]


def sign_in_as(persona: str, show, *, make_reader, snoop) -> int:
    """Sign the client in as `persona` (anonymous stays out); return their episode."""
    if persona == "snoop":
        snoop(show)
        return SNOOP_EPISODE
    if persona == "anonymous":
        return 0
    episode = int(persona.rsplit("-", 1)[1])
    make_reader(show, episode=episode)
    return episode


@pytest.mark.parametrize(
    "persona", ["anonymous", "member-at-0", "snoop", "member-at-5", "member-at-9"]
)
def test_no_route_sends_a_withheld_canary(app, client, make_show, make_review, make_user,
                                          make_reader, snoop, count_queries, persona):  # fmt: skip
    """Every GET route, as each persona, withholds what is beyond them and writes nothing
    (reads run in autocommit on PostgreSQL: a GET that wrote would commit half a change)."""
    show = make_show(episodes=EPISODES, episode_titles=EPISODE_GUIDE)
    review = make_review(BODY, show=show)
    episode = sign_in_as(persona, show, make_reader=make_reader, snoop=snoop)
    swept = 0
    urls = urls_to_sweep(app, review, episode)
    notify_reader(review, persona)
    with count_queries() as seen:
        for url, allowed, titled in urls:
            for headers in ({}, {"HX-Request": "true"}):
                body = text_of(client.get(url, headers=headers))
                swept += 1
                for ep, canary in CANARIES.items():
                    if ep > episode and ep not in allowed:
                        assert canary not in body, f"{persona}: {url} {headers} leaked ep {ep}"
                if episode < 8 and 8 not in allowed:
                    assert COMMENT_CANARY not in body, f"{persona}: {url} leaked a comment spoiler"
                    assert THREAD_CANARY not in body, f"{persona}: {url} leaked a thread spoiler"
                for ep in range(episode + 1, EPISODES + 1):
                    if ep not in titled:
                        assert TITLE_CANARIES[ep] not in body, f"{persona}: {url} leaked title {ep}"
                        assert SYNOPSIS_CANARIES[ep] not in body, f"{persona}: {url} leaked {ep}"
    assert writes_in(seen.statements) == [], f"{persona}: a GET wrote to the database"
    # Positive controls: the sweep reached real pages, and reached episodes are shown.
    assert swept >= 30
    page = client.get(f"/reviews/{review.id}").text
    assert "Spoiler-free opening paragraph." in page
    assert "Agreed." in page  # the comment is on the page
    notified = client.get("/notifications").text  # swept with its subjects (issue 18)
    assert persona == "anonymous" or "commented on your review" in notified
    assert (COMMENT_CANARY in page) is (episode >= 8)
    for ep in range(1, episode + 1):
        if CANARIES[ep] in BODY:
            assert CANARIES[ep] in page
    episode_page = client.get(f"/shows/{show.slug}/episodes/{max(episode, 1)}").text
    assert (TITLE_CANARIES[max(episode, 1)] in episode_page) is (episode >= 1)
    revealed = [(url, titled) for url, _, titled in urls if titled]
    assert len(revealed) == 1  # the reveal was swept, and it opens its episode
    url, titled = revealed[0]
    assert TITLE_CANARIES[min(titled)] in client.get(url).text
    thread_page = client.get(f"/shows/{show.slug}/episodes/1?reveal=1").text
    assert "Episode one talk." in thread_page  # control: the thread comment is swept
    assert (THREAD_CANARY in thread_page) is (episode >= 8)
