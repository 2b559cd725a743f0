"""Where readers are: watch entries for members, the signed session for anonymous readers.

Every spoiler decision reads progress through `progress_for` / `progress_map`, so a
signed-in and an anonymous reader are gated by the same rules.
"""

from collections.abc import Iterable

from flask import session
from flask_login import current_user
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import contains_eager, joinedload

from app import pagecache
from app.extensions import db
from app.models import STATUSES, ProgressEvent, Review, Show, User, WatchEntry
from app.progress.rules import Progress, merged, reconcile, resolve_numbers_until
from app.scores import service as scores

SESSION_KEY = "progress"
MAX_SESSION_SHOWS = 100  # keeps the session cookie well under 4 KB


def _session_entries() -> dict[str, list]:
    return session.get(SESSION_KEY, {})


ENTRY_COLUMNS = (
    WatchEntry.show_id,
    WatchEntry.episodes_watched,
    WatchEntry.status,
    WatchEntry.score,
    WatchEntry.hide_numbers_until,
)
# Built once: every show page asks, and building a statement costs more than running it.
ONE_ENTRY = select(*ENTRY_COLUMNS).where(
    WatchEntry.user_id == bindparam("user_id"), WatchEntry.show_id == bindparam("show_id")
)


def progress_for(show: Show) -> Progress:
    """The current reader's progress on `show` (zero if never set)."""
    if not current_user.is_authenticated:
        return progress_map([show.id]).get(show.id, Progress())
    row = db.session.execute(ONE_ENTRY, {"user_id": current_user.id, "show_id": show.id}).first()
    return _member_progress(row, show.episode_count) if row else Progress()


def progress_map(show_ids: Iterable[int]) -> dict[int, Progress]:
    """The current reader's progress on each of `show_ids` that has any, in one query."""
    ids = list(show_ids)
    if not current_user.is_authenticated:
        entries = _session_entries()
        return {i: Progress(*entries[str(i)]) for i in ids if str(i) in entries}
    rows = db.session.execute(
        select(*ENTRY_COLUMNS, Show.episode_count)
        .join(Show, Show.id == WatchEntry.show_id)
        .where(WatchEntry.user_id == current_user.id, WatchEntry.show_id.in_(ids))
    )
    return {row.show_id: _member_progress(row, row.episode_count) for row in rows}


def _member_progress(row, episode_count: int) -> Progress:
    """A member's Progress from a row of ENTRY_COLUMNS, with their numbers setting
    resolved: the show's own, else their account's (current_user, already loaded).
    Shows off their list have no entry, so the account setting leaves them alone."""
    _show_id, episodes, status, score, override = row[:5]
    until = resolve_numbers_until(
        override=override,
        percent=current_user.hide_numbers_percent,
        episode_count=episode_count,
    )
    return Progress(episodes, status, score, numbers_until=until, numbers_override=override)


KEEP = object()  # "leave the score as it is"


def set_numbers_override(user: User, show: Show, override: int | None) -> WatchEntry:
    """Keep `user`'s own numbers setting for `show` (None: follow the account setting;
    rules.ALWAYS_SHOW; or an episode, already validated). A show not yet on their list
    joins it as "plan to watch", where such a setting lives; statistics do not change
    (no score or episode moves)."""
    entry = write_entry(user, show.id)
    entry.hide_numbers_until = override
    db.session.flush()
    return entry


def set_numbers_default(user: User, percent: int | None) -> None:
    """Keep `user`'s account-wide numbers setting (None: never hide; else a share of a
    show's episodes in percent, already validated)."""
    user.hide_numbers_percent = percent
    db.session.flush()


def save_progress(show: Show, progress: Progress, *, score=KEEP) -> None:
    """Store the reader's progress (already reconciled) in their entry or their session;
    members may also set or remove (`None`) their score."""
    if current_user.is_authenticated:
        save_entry(current_user, show, progress, score=score)
        return
    _save_in_session(show, progress)


def record_progress(show: Show, *, episodes: int, status: str, score=KEEP) -> Progress:
    """Reconcile what the reader asked for with their progress so far and store it (as
    `save_progress`); return their progress as it now is. A member's entry is read once,
    under their lock (scores.tracking_entry), and serves the reconciling, the statistics
    and the answer (issue 20: the progress POST's queries)."""
    if not current_user.is_authenticated:
        previous = progress_for(show).status
        _save_in_session(show, _reconciled(show, episodes, status, previous))
        return progress_for(show)
    with scores.tracking_entry(current_user, show) as held:
        previous = held.entry.status if held.entry else Progress().status
        progress = _reconciled(show, episodes, status, previous)
        held.entry = _write_entry_and_score(current_user, show, progress, held.entry, score)
    return progress_of(held.entry, show)


def progress_of(entry: WatchEntry, show: Show) -> Progress:
    """The current member's Progress from their (loaded) entry for `show`."""
    row = (entry.show_id, entry.episodes_watched, entry.status, entry.score,
           entry.hide_numbers_until)  # fmt: skip
    return _member_progress(row, show.episode_count)


def _reconciled(show: Show, episodes: int, status: str, previous: str | None) -> Progress:
    return reconcile(episodes=episodes, status=status, episode_count=show.episode_count,
                     previous_status=previous)  # fmt: skip


def _save_in_session(show: Show, progress: Progress) -> None:
    entries = dict(_session_entries())
    entries.pop(str(show.id), None)
    entries[str(show.id)] = [progress.episodes_watched, progress.status]
    while len(entries) > MAX_SESSION_SHOWS:
        entries.pop(next(iter(entries)))
    session[SESSION_KEY] = entries


def save_entry(user: User, show: Show, progress: Progress, *, score=KEEP) -> WatchEntry:
    """Create or update a member's entry with an already reconciled progress (and score),
    keeping the show's statistics exact. A score also becomes their review's rating."""
    with scores.tracking_entry(user, show) as held:
        held.entry = _write_entry_and_score(user, show, progress, held.entry, score)
    return held.entry


def _write_entry_and_score(
    user: User, show: Show, progress: Progress, entry: WatchEntry | None, score
) -> WatchEntry:
    entry = write_entry(user, show.id, progress, found=entry)
    if score is not KEEP:
        entry.score = score
        if score is not None:
            _mirror_to_review(user, show, score)
    return entry


def find_entry(user_id: int, show_id: int) -> WatchEntry | None:
    """The member's entry for the show, if any."""
    return db.session.scalar(
        select(WatchEntry).where(WatchEntry.user_id == user_id, WatchEntry.show_id == show_id)
    )


UNREAD = object()  # "look the entry up"


def write_entry(
    user: User, show_id: int, progress: Progress | None = None, *, found=UNREAD
) -> WatchEntry:
    """Create or update the entry (`found`: it, or None, when the caller has just read it
    under the member's lock), without touching statistics: callers track them. A change
    of episodes is kept as a ProgressEvent (the feed's "Unlocked for you")."""
    entry = find_entry(user.id, show_id) if found is UNREAD else found
    if entry is None:
        entry = WatchEntry(
            user_id=user.id, show_id=show_id, episodes_watched=0, status="plan_to_watch"
        )
        db.session.add(entry)
    if progress is not None:
        if progress.episodes_watched != entry.episodes_watched:
            db.session.add(ProgressEvent(user_id=user.id, show_id=show_id,
                                         from_episode=entry.episodes_watched,
                                         to_episode=progress.episodes_watched))  # fmt: skip
        entry.episodes_watched = progress.episodes_watched
        entry.status = progress.status
    db.session.flush()
    return entry


def _mirror_to_review(user: User, show: Show, score: float) -> None:
    """One score per member and show: their review's overall rating follows it."""
    db.session.execute(
        update(Review)
        .where(Review.author_id == user.id, Review.show_id == show.id)
        .values(rating_overall=score)
        .execution_options(synchronize_session="fetch")
    )
    pagecache.changed(db.session, show.id)


def merge_session_progress(user: User) -> int:
    """Fold an anonymous reader's progress into their account at sign-in; return how many
    shows changed. The further progress of the two wins (docs/decisions.md)."""
    entries = session.pop(SESSION_KEY, {})
    if not entries:
        return 0
    show_ids = [int(key) for key in entries]
    shows = {s.id: s for s in db.session.scalars(select(Show).where(Show.id.in_(show_ids)))}
    valid = set(shows)
    saved = {
        entry.show_id: Progress(entry.episodes_watched, entry.status)
        for entry in db.session.scalars(
            select(WatchEntry).where(WatchEntry.user_id == user.id, WatchEntry.show_id.in_(valid))
        )
    }
    changed = 0
    for key, value in entries.items():
        show_id, incoming = int(key), Progress(*value)
        if show_id in valid and merged(incoming, saved.get(show_id)) is incoming:
            save_entry(user, shows[show_id], incoming)
            changed += 1
    return changed


def status_show_ids(status: str):
    """The shows the current reader has given `status`: a subquery, or ids from the session."""
    if current_user.is_authenticated:
        return select(WatchEntry.show_id).where(
            WatchEntry.user_id == current_user.id, WatchEntry.status == status
        )
    return [int(key) for key, (_, value) in _session_entries().items() if value == status]


def continue_watching(user: User, limit: int = 12) -> list[WatchEntry]:
    """The shows `user` is part-way through (watching, episodes left), most recently
    updated first, with their shows: the home page's "Continue watching" (one query)."""
    return list(
        db.session.scalars(
            select(WatchEntry)
            .join(WatchEntry.show)
            .options(contains_eager(WatchEntry.show))
            .where(
                WatchEntry.user_id == user.id,
                WatchEntry.status == "watching",
                WatchEntry.episodes_watched < Show.episode_count,
            )
            .order_by(WatchEntry.updated_at.desc(), WatchEntry.id.desc())
            .limit(limit)
        )
    )


def entries_by_status(user: User) -> dict[str, list[WatchEntry]]:
    """A member's watch entries grouped by status (in STATUSES order), shows loaded."""
    entries = db.session.scalars(
        select(WatchEntry)
        .where(WatchEntry.user_id == user.id)
        .options(joinedload(WatchEntry.show))
        .join(WatchEntry.show)
        .order_by(Show.title)
    )
    groups: dict[str, list[WatchEntry]] = {status: [] for status in STATUSES}
    for entry in entries:
        groups[entry.status].append(entry)
    return {status: items for status, items in groups.items() if items}
