"""The benchmark targets: one definition, used by wrk (bench/run.py) and by the in-process
query count (bench/probe.py), so both measure the same requests."""

from dataclasses import dataclass, field

SHOW = "move-to-heaven"  # 10 episodes; readers sit at MID_EPISODE, so gating is active
MID_EPISODE = 5
SEARCH = "run"
READERS = [f"bench-reader-{n}" for n in range(1, 9)]  # one session per wrk connection
NAMES = ("hello", "trivial", "show-anon", "show-signed-in", "review", "reveal", "search", "episode",
         "episode-closed", "feed", "unread", "progress-post")  # fmt: skip
HTMX = {"HX-Request": "true"}


@dataclass(frozen=True)
class Target:
    """One request shape. `signed_in`: sent with a reader's session; `bodies`: POST
    bodies the requests rotate through (the CSRF token is appended per session); `app`:
    the WSGI app gunicorn serves for it."""

    name: str
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    signed_in: bool = False
    bodies: tuple[str, ...] = ()
    app: str = "wsgi:app"  # what gunicorn serves: ours, or bench/hello.py's bare app


def targets(*, review_id: int, reveal_episode: int) -> list[Target]:
    """Every target, in the order they are run and reported."""
    progress_bodies = tuple(
        f"episodes_watched={episode}&status=watching" for episode in (MID_EPISODE, MID_EPISODE + 1)
    )
    return [
        # A bare Flask app's one route (bench/hello.py), beside ours: the trivial route's
        # share of it is what every request of ours pays before any page work.
        Target("hello", "/healthz/live", app="hello:app"),
        Target("trivial", "/healthz/live"),
        Target("show-anon", f"/shows/{SHOW}"),
        Target("show-signed-in", f"/shows/{SHOW}", signed_in=True),
        Target("review", f"/reviews/{review_id}"),
        Target("reveal", f"/reviews/{review_id}/spoilers/{reveal_episode}", headers=HTMX),
        Target("search", f"/shows?q={SEARCH}"),
        # The episode page (issue 17): open for a reader at MID_EPISODE (its rating and
        # thread), and the placeholder an anonymous reader gets for the next episode.
        Target("episode", f"/shows/{SHOW}/episodes/{MID_EPISODE}", signed_in=True),
        Target("episode-closed", f"/shows/{SHOW}/episodes/{MID_EPISODE + 1}"),
        # The feed (issue 18): a reader who follows 1,000 members with 100,000 items
        # between them (bench/feed.py), its newest page.
        Target("feed", "/feed", signed_in=True),
        # The header's unread badge (issue 18), as htmx polls it: each reader has 1,000
        # unread notifications (bench/notifications.py), counted up to the cap.
        Target("unread", "/notifications/unread", headers=HTMX, signed_in=True),
        # What the progress widget sends: an htmx POST answered with the widget and, out
        # of band, every part of the page that depends on progress. Alternating episodes
        # 5 and 6 makes every request a real UPDATE.
        Target(
            "progress-post",
            f"/shows/{SHOW}/progress",
            method="POST",
            headers={**HTMX, "Content-Type": "application/x-www-form-urlencoded"},
            signed_in=True,
            bodies=progress_bodies,
        ),
    ]
