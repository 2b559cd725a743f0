"""Remembered reveals: the episodes of a review a reader chose to keep revealed.

A reveal pressed with htmx (or "Keep revealed" without it) is remembered per reader,
review and episode, until the reader presses "Hide again": members in `review_reveal`,
anonymous readers in their session (the newest SESSION_LIMIT reveals). One remembered
episode applies to the whole review page (the body and its comments, whose spoilers
are the same show's episodes) and to the review's card on the show page.

Remembering is a write, so only POSTs call `remember` and `forget`: a GET (a reveal
link a browser prefetched, `?reveal=N`) reveals for that response alone. Which reveals
a reader keeps changes what the show page's cached parts show, so they are part of the
cache key (`pagecache.Reader.kept`), not data of the show.
"""

from flask import session
from flask_login import current_user
from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import ReviewReveal

LIMIT = "300 per hour"  # keeping and hiding a member's reveals: reading, but each one writes
SESSION_KEY = "reveals"
SESSION_LIMIT = 100  # (review, episode) pairs: keeps the session cookie well under 4 KB
# Built once: every review page a member opens asks.
MEMBER_KEPT = select(ReviewReveal.episode).where(
    ReviewReveal.user_id == bindparam("user_id"), ReviewReveal.review_id == bindparam("review_id")
)
INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _session_entries() -> list[tuple[int, int, int]]:
    """The anonymous reader's remembered reveals as (review id, show id, episode), oldest
    first; anything malformed is dropped."""
    entries = session.get(SESSION_KEY, [])
    if not isinstance(entries, list):
        return []
    return [
        (entry[0], entry[1], entry[2])
        for entry in entries
        if isinstance(entry, list) and len(entry) == 3 and all(type(n) is int for n in entry)
    ]


def kept_for(review_id: int) -> frozenset[int]:
    """The episodes of review `review_id` the current reader keeps revealed."""
    if current_user.is_authenticated:
        rows = db.session.scalars(MEMBER_KEPT, {"user_id": current_user.id, "review_id": review_id})
        return frozenset(rows)
    return frozenset(ep for rid, _show, ep in _session_entries() if rid == review_id)


def session_kept_on(show_id: int) -> frozenset[tuple[int, int]]:
    """An anonymous reader's remembered (review id, episode) pairs on `show_id`'s reviews
    (members' come with their other marks: `pagecache.reader_of`)."""
    return frozenset((rid, ep) for rid, sid, ep in _session_entries() if sid == show_id)


def in_session() -> bool:
    """True when this reader's reveals live in their session (anonymous readers): keeping
    one writes nothing on the server, so it is not limited, as the GET reveal is not
    (readers behind one address, a campus, would otherwise share LIMIT)."""
    return not current_user.is_authenticated


def remember(review_id: int, show_id: int, episode: int) -> None:
    """Keep `episode` of the review revealed for the current reader (twice is once).

    For a member, one INSERT that ignores a row already there, so a double click or two
    tabs never conflict; flushes nothing else."""
    if current_user.is_authenticated:
        insert = INSERTS[db.session.get_bind().dialect.name](ReviewReveal)
        values = {"user_id": current_user.id, "review_id": review_id, "episode": episode}
        db.session.execute(insert.values(**values).on_conflict_do_nothing())
        return
    entries = [e for e in _session_entries() if (e[0], e[2]) != (review_id, episode)]
    entries.append((review_id, show_id, episode))
    session[SESSION_KEY] = [list(entry) for entry in entries[-SESSION_LIMIT:]]


def forget(review_id: int, episode: int) -> None:
    """Hide `episode` of the review again for the current reader (forgetting what was
    never remembered is no error)."""
    if current_user.is_authenticated:
        db.session.execute(
            delete(ReviewReveal).where(
                ReviewReveal.user_id == current_user.id,
                ReviewReveal.review_id == review_id,
                ReviewReveal.episode == episode,
            )
        )
        return
    entries = _session_entries()
    kept = [list(e) for e in entries if (e[0], e[2]) != (review_id, episode)]
    if len(kept) != len(entries):
        session[SESSION_KEY] = kept
