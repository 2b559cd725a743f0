"""Keeping show statistics exact: every change to what a member's score contributes is
applied as an atomic increment in the same transaction as the change itself.

Usage, around any write that may move a member's contribution to a show:

    with tracking(user, show):
        ...change their watch entry, review or ban...

`tracking` locks the member's row (PostgreSQL), reads their contribution before and
after, and adds the difference with `UPDATE show_stats SET c = c + :d`, so concurrent
writers never lose an update and the same member is never counted twice.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm.util import identity_key

from app import pagecache
from app.extensions import db
from app.models import Review, Show, ShowStats, User, WatchEntry
from app.ratings import stats as episode_stats
from app.scoring import COLUMNS, Contribution, ScoreSummary, contribution, delta, summarise


class StatsDrift(RuntimeError):
    """A show has no statistics row to update (run `flask stats rebuild`)."""


# Built once: the member's entry for a show with their review of it, if any (the
# review's sub-ratings count with the score).
ENTRY_AND_REVIEW = (
    select(WatchEntry, Review)
    .outerjoin(
        Review, (Review.author_id == WatchEntry.user_id) & (Review.show_id == WatchEntry.show_id)
    )
    .where(WatchEntry.user_id == bindparam("user_id"), WatchEntry.show_id == bindparam("show_id"))
)


def entry_and_review(user_id: int, show_id: int) -> tuple[WatchEntry | None, Review | None]:
    """The member's entry for the show and their review of it, in one query (no review
    is looked for without an entry)."""
    row = db.session.execute(ENTRY_AND_REVIEW, {"user_id": user_id, "show_id": show_id}).first()
    return (None, None) if row is None else (row[0], row[1])


def member_contribution(user_id: int, show: Show) -> Contribution | None:
    """What the member's score currently adds to `show`, or None if it does not count."""
    return _contribution(*entry_and_review(user_id, show.id), user_id=user_id, show=show)


def _contribution(
    entry: WatchEntry | None, review: Review | None, *, user_id: int, show: Show
) -> Contribution | None:
    if entry is None or entry.score is None:
        return None
    return contribution(
        score=entry.score,
        episodes_watched=entry.episodes_watched,
        episode_count=show.episode_count,
        is_banned=db.session.get(User, user_id).is_banned,
        subratings=review.subratings() if review else None,
    )


@contextmanager
def tracking(user: User, show: Show) -> Iterator[None]:
    """Apply the change the enclosed block makes to `user`'s contribution to `show`."""
    lock_member(user.id)
    before = member_contribution(user.id, show)
    yield
    db.session.flush()
    apply_delta(show.id, delta(before, member_contribution(user.id, show)))


@dataclass
class HeldEntry:
    """The member's watch entry as `tracking_entry` read it (None: they have none); the
    block puts the entry it wrote here."""

    entry: WatchEntry | None


@contextmanager
def tracking_entry(user: User, show: Show) -> Iterator[HeldEntry]:
    """`tracking` for a block that changes only the member's watch entry, through the ORM
    (episodes, status, score; a score's copy on their review does not count): the entry
    and their review are read once, after the lock, and handed to the block, and the
    contribution after is computed from them in memory instead of read again. A member
    without an entry is read again after the block (the join finds no review without
    an entry)."""
    lock_member(user.id)
    entry, review = entry_and_review(user.id, show.id)
    before = _contribution(entry, review, user_id=user.id, show=show)
    held = HeldEntry(entry)
    yield held
    db.session.flush()
    if entry is None:
        after = member_contribution(user.id, show)
    else:
        after = _contribution(held.entry, review, user_id=user.id, show=show)
    apply_delta(show.id, delta(before, after))


def lock_member(user_id: int) -> None:
    """Serialise one member's writes that check before they write: score changes, their
    review and its edits, their comments' edits, helpful votes, reports. On PostgreSQL a
    row lock held to the end of the transaction; on SQLite it begins the write
    transaction (app/database.py). After it, a check sees everything the member's other
    requests committed, so a double click or a second tab cannot race it."""
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())


def apply_delta(show_id: int, changes: dict[str, float]) -> None:
    """Add `changes` to the show's statistics in one atomic UPDATE."""
    if not changes:
        return
    values = {column: getattr(ShowStats, column) + amount for column, amount in changes.items()}
    result = db.session.execute(
        update(ShowStats)
        .where(ShowStats.show_id == show_id)
        .values(values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StatsDrift(f"show {show_id} has no statistics row")
    pagecache.changed(db.session, show_id)
    loaded = db.session.identity_map.get(identity_key(ShowStats, show_id))
    if loaded is not None:
        db.session.expire(loaded)


def ensure_stats_row(show: Show) -> None:
    """Give a new show its (empty) statistics row."""
    if db.session.get(ShowStats, show.id) is None:
        db.session.add(ShowStats(show_id=show.id, **dict.fromkeys(COLUMNS, 0)))
        db.session.flush()


def recompute(show_ids: list[int] | None = None) -> dict[int, dict[str, float]]:
    """Statistics computed from scratch from entries, reviews and users, per show."""
    query = (
        select(WatchEntry, Show.episode_count, User.is_banned, Review)
        .join(Show, Show.id == WatchEntry.show_id)
        .join(User, User.id == WatchEntry.user_id)
        .outerjoin(
            Review,
            (Review.author_id == WatchEntry.user_id) & (Review.show_id == WatchEntry.show_id),
        )
        .where(WatchEntry.score.is_not(None))
    )
    if show_ids is not None:
        query = query.where(WatchEntry.show_id.in_(show_ids))
    all_ids = show_ids if show_ids is not None else db.session.scalars(select(Show.id)).all()
    totals: dict[int, dict[str, float]] = {
        show_id: dict.fromkeys(COLUMNS, 0) for show_id in all_ids
    }
    for entry, episode_count, is_banned, review in db.session.execute(query):
        counted = contribution(
            score=entry.score,
            episodes_watched=entry.episodes_watched,
            episode_count=episode_count,
            is_banned=is_banned,
            subratings=review.subratings() if review else None,
        )
        for column, amount in (counted.columns() if counted else {}).items():
            totals[entry.show_id][column] += amount
    return totals


def drifts() -> list[str]:
    """Every difference between the statistics table and a recomputation, one line each."""
    expected = recompute()
    stored = {row.show_id: row for row in db.session.scalars(select(ShowStats))}
    problems = []
    for show_id, columns in expected.items():
        row = stored.get(show_id)
        if row is None:
            problems.append(f"show {show_id}: no statistics row")
            continue
        for column, value in columns.items():
            if getattr(row, column) != value:
                problems.append(
                    f"show {show_id}: {column} is {getattr(row, column)}, expected {value}"
                )
    return problems


def rebuild(show_ids: list[int] | None = None) -> int:
    """Overwrite statistics with a recomputation; return how many shows changed."""
    changed = 0
    for show_id, columns in recompute(show_ids).items():
        row = db.session.get(ShowStats, show_id, with_for_update=True)
        if row is None:
            row = ShowStats(show_id=show_id)
            db.session.add(row)
        if any(getattr(row, column) != value for column, value in columns.items()):
            changed += 1
        for column, value in columns.items():
            setattr(row, column, value)
    db.session.flush()
    return changed


def site_mean() -> float | None:
    """C: the mean of every counted score on the site, exact after any write."""
    total, count = db.session.execute(
        select(
            func.coalesce(func.sum(ShowStats.rating_sum), 0),
            func.coalesce(func.sum(ShowStats.rating_count), 0),
        )
    ).one()
    return total / count if count else None


def site_mean_column():
    """C as a scalar subquery, to read with another row in the same round trip."""
    return select(
        func.sum(ShowStats.rating_sum) / func.nullif(func.sum(ShowStats.rating_count), 0)
    ).scalar_subquery()


UNKNOWN = object()


def summary_for(show: Show, *, site_mean_c: float | None | object = UNKNOWN) -> ScoreSummary:
    """The published score of one show, with the site's current parameters (pass C when
    it is known already, as the show page's key has it)."""
    stats = db.session.get(ShowStats, show.id)
    values = (
        {column: getattr(stats, column) for column in COLUMNS}
        if stats
        else dict.fromkeys(COLUMNS, 0)
    )
    return summarise(
        values,
        site_mean=site_mean() if site_mean_c is UNKNOWN else site_mean_c,
        min_votes=current_app.config["SCORE_MIN_VOTES"],
        prior_votes=current_app.config["SCORE_PRIOR_VOTES"],
    )


def summaries_for(shows: list[Show]) -> dict[int, ScoreSummary]:
    """Published scores of several shows in one query (their rows, each with C); shows
    without a statistics row are left out."""
    if not shows:
        return {}
    rows = db.session.execute(
        select(ShowStats, site_mean_column()).where(
            ShowStats.show_id.in_({show.id for show in shows})
        )
    )
    config = current_app.config
    return {
        row.show_id: summarise(
            {column: getattr(row, column) for column in COLUMNS},
            site_mean=c,
            min_votes=config["SCORE_MIN_VOTES"],
            prior_votes=config["SCORE_PRIOR_VOTES"],
        )
        for row, c in rows
    }


def weighted_order():
    """ORDER BY terms ranking shows by weighted rating, those with enough votes first
    (C is read in the same statement)."""
    config = current_app.config
    m = config["SCORE_PRIOR_VOTES"]
    c = func.coalesce(site_mean_column(), 0.0)
    enough = ShowStats.rating_count >= config["SCORE_MIN_VOTES"]
    weighted = (ShowStats.rating_sum + m * c) / (ShowStats.rating_count + m)
    return (enough.desc(), weighted.desc())


def top_shows(limit: int = 10) -> list[Show]:
    """The best shows by weighted rating among those with enough counted scores."""
    query = (
        select(Show)
        .join(ShowStats, ShowStats.show_id == Show.id)
        .where(ShowStats.rating_count >= current_app.config["SCORE_MIN_VOTES"])
        .order_by(*weighted_order(), Show.title)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def set_banned(
    user: User, banned: bool, *, reason: str | None = None, until: datetime | None = None
) -> None:
    """Ban (until `until`, None: permanently) or unban a member; their scores and episode
    ratings leave or rejoin every show's statistics. A ban's end does not rejoin them by
    itself: the lift does (app/moderation/bans.py), so the statistics follow `is_banned`
    alone."""
    lock_member(user.id)
    shows = list(
        db.session.scalars(
            select(Show)
            .join(WatchEntry, WatchEntry.show_id == Show.id)
            .where(WatchEntry.user_id == user.id, WatchEntry.score.is_not(None))
        )
    )
    before = {show.id: member_contribution(user.id, show) for show in shows}
    was_banned = db.session.scalar(select(User.is_banned).where(User.id == user.id))
    user.is_banned = banned
    user.ban_reason = reason if banned else None
    user.banned_until = until if banned else None
    db.session.flush()
    for show in shows:
        apply_delta(show.id, delta(before[show.id], member_contribution(user.id, show)))
    if was_banned != banned:  # their episode ratings leave or rejoin too (issue 17)
        episode_stats.move_member(episode_stats.member_ratings(user.id), counted=not banned)
