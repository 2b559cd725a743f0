"""`make reliability`'s drill d: two app servers against one PostgreSQL and one Redis.

Two gunicorn masters (same database, same Redis, same SECRET_KEY) on two ports, as two
machines behind a load balancer would be. A member's session cookie from one is used on
the other: progress saved on either shows on the other's next page, and neither serves
a page it cached per process at the old progress; sign-in failures spread over both are
counted together in Redis, so the limit trips after the allowed number in total.

Environment: RELIABILITY_REDIS_URL (default redis://127.0.0.1:6379/13, a database
number no test uses; it is flushed before the drill).
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import common
import redis

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
SHOW = "move-to-heaven"  # 10 episodes in the demo catalogue
MEMBER = "gen-00001"  # seeded by `seed-demo --scale N` with the demo password
TARGET = "gen-00002"  # whose sign-in the failures aim at
FAILURES_ALLOWED = 5  # app/auth/views.py FAILED_LOGIN_LIMIT, "5 per minute"
VIEWS_PER_CHECK = 4  # fresh connections, so both workers of a server answer
WIDGET_SUMMARY = re.compile(
    r'id="progress-\d+-summary">\s*(\d+) of (\d+) episodes watched\.', re.MULTILINE
)


def episodes_watched(html: str) -> int | None:
    """The episode count the page's progress widget shows ("N of M episodes watched."),
    or None when the page has no widget with a saved progress."""
    found = WIDGET_SUMMARY.search(html)
    return int(found.group(1)) if found else None


@dataclass
class Findings:
    """What the drill saw; `problems` is empty when everything held."""

    reads: list[str] = field(default_factory=list)  # "A:3→B:3,3,3,3"
    limit_statuses: list[str] = field(default_factory=list)  # "A200", "B429", ...
    redis_keys: int = 0
    problems: list[str] = field(default_factory=list)


def progress_round(servers: dict, session: common.Session, writer: str, episodes: int,
                   found: Findings) -> None:  # fmt: skip
    """Save `episodes` on server `writer`, then read the page on the other server
    VIEWS_PER_CHECK times (each a fresh connection, so either worker may answer)."""
    reader = "B" if writer == "A" else "A"
    reply = common.post_progress(servers[writer], session, SHOW, episodes)
    if reply.status != 303:
        found.problems.append(f"progress POST on {writer} answered {reply.status}")
        return
    session.cookies.update(reply.cookies)
    seen = []
    for _ in range(VIEWS_PER_CHECK):
        page = common.request(servers[reader], "GET", f"/shows/{SHOW}", cookies=session.cookies)
        seen.append(episodes_watched(page.body) if page.status == 200 else page.status)
    found.reads.append(f"{writer}:{episodes}→{reader}:{','.join(map(str, seen))}")
    if any(value != episodes for value in seen):
        found.problems.append(f"set {episodes} on {writer}, {reader} showed {seen}")


def warm_both(servers: dict, session: common.Session) -> None:
    """View the page on both servers so each worker may hold it in its page cache."""
    for server in servers.values():
        for _ in range(VIEWS_PER_CHECK):
            common.request(server, "GET", f"/shows/{SHOW}", cookies=session.cookies)


def failed_logins(servers: dict, found: Findings) -> None:
    """Wrong passwords for TARGET, alternating A and B from one browser: the first
    FAILURES_ALLOWED must be refused with the form (200), the next one on each server 429."""
    page = common.request(servers["A"], "GET", "/login")
    cookies = dict(page.cookies)
    form = {"username": TARGET, "password": "wrong!", "csrf_token": common.csrf_from(page.body)}
    order = ["A", "B"] * ((FAILURES_ALLOWED + 3) // 2)
    for name in order[: FAILURES_ALLOWED + 2]:
        reply = common.request(servers[name], "POST", "/login", form=form, cookies=cookies)
        cookies.update(reply.cookies)
        found.limit_statuses.append(f"{name}{reply.status}")
    statuses = [int(s[1:]) for s in found.limit_statuses]
    expected = [200] * FAILURES_ALLOWED + [429, 429]
    if statuses != expected:
        found.problems.append(f"sign-in failures got {statuses}, expected {expected}")
    try:  # the limit is per account: another member still signs in from this address
        common.sign_in(servers["B"], MEMBER)
    except RuntimeError as error:
        found.problems.append(f"another member's sign-in after the trip failed: {error}")


def check_two_servers(url: str, workdir: Path) -> tuple[bool, str]:
    """Run the drill on database `url` (already migrated and seeded); (passed, detail)."""
    redis_url = os.environ.get("RELIABILITY_REDIS_URL") or DEFAULT_REDIS_URL
    storage = redis.Redis.from_url(redis_url)
    storage.flushdb()
    env = common.app_env(
        url, RATELIMIT_ENABLED="true", REDIS_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url
    )
    servers = {}
    found = Findings()
    try:
        for name in ("A", "B"):
            servers[name] = common.start_gunicorn(env, workdir / f"two-servers-{name}.log")
        session = common.sign_in(servers["A"], MEMBER)
        for writer, episodes in (("A", 3), ("A", 4), ("B", 5), ("B", 6), ("A", 2)):
            warm_both(servers, session)
            progress_round(servers, session, writer, episodes, found)
        failed_logins(servers, found)
        found.redis_keys = storage.dbsize()
    finally:
        for server in servers.values():
            server.stop()
        storage.close()
    if not found.redis_keys:
        found.problems.append(f"no rate-limit keys in {redis_url}")
    detail = (
        f"ports {'/'.join(str(s.port) for s in servers.values())}, {redis_url}; progress "
        f"set→read ({VIEWS_PER_CHECK} views each, after warming both caches): "
        f"{' '.join(found.reads)}; sign-in failures for one account, alternating servers: "
        f"{' '.join(found.limit_statuses)}; {found.redis_keys} keys in Redis"
        + (f"; problems: {'; '.join(found.problems)}" if found.problems else "")
    )
    return not found.problems, detail
