"""Keeping episode statistics exact: every change to what a member's rating of an
episode adds is applied as an atomic increment in the same transaction as the change.

The increment is an upsert, `INSERT .. ON CONFLICT (show_id, episode) DO UPDATE SET
rating_count = episode_stats.rating_count + excluded.rating_count, ..`: the first rating
of an episode creates its row, and concurrent writers (PostgreSQL takes the row's lock;
SQLite has one writer) never lose an update. Callers hold the member's lock
(`scores.lock_member`), so one member is never counted twice.

This module sits below both app/ratings/service.py and app/scores/service.py (whose
`set_banned` takes a banned member's ratings out of the statistics here).
"""

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.util import identity_key

from app import pagecache
from app.extensions import db
from app.models import EpisodeRating, EpisodeStats, User

Key = tuple[int, int]  # (show_id, episode)


def delta(before: float | None, after: float | None) -> tuple[int, float]:
    """(count, sum) increments that turn statistics holding the counted rating `before`
    into ones holding `after` (None: not counted)."""
    count = (after is not None) - (before is not None)
    total = (after or 0.0) - (before or 0.0)
    return count, total


def apply_delta(show_id: int, episode: int, count: int, total: float) -> None:
    """Add `count` and `total` to the episode's statistics in one atomic upsert."""
    if count == 0 and total == 0:
        return
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = insert(EpisodeStats).values(
        show_id=show_id, episode=episode, rating_count=count, rating_sum=total
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[EpisodeStats.show_id, EpisodeStats.episode],
            set_={
                "rating_count": EpisodeStats.rating_count + statement.excluded.rating_count,
                "rating_sum": EpisodeStats.rating_sum + statement.excluded.rating_sum,
            },
        )
    )
    pagecache.changed(db.session, show_id)  # the show page's chart
    loaded = db.session.identity_map.get(identity_key(EpisodeStats, (show_id, episode)))
    if loaded is not None:
        db.session.expire(loaded)


def member_ratings(user_id: int) -> list[EpisodeRating]:
    """Every rating the member gave, in the order statistics rows are locked."""
    return list(
        db.session.scalars(
            select(EpisodeRating)
            .where(EpisodeRating.user_id == user_id)
            .order_by(EpisodeRating.show_id, EpisodeRating.episode)
        )
    )


def move_member(ratings: list[EpisodeRating], *, counted: bool) -> None:
    """Add (`counted`) or take away a member's `ratings` from the statistics: a ban
    lifted or begun. The caller holds the member's lock and flips their flag."""
    sign = 1 if counted else -1
    for rating in ratings:
        apply_delta(rating.show_id, rating.episode, sign, sign * rating.rating)


def recompute(show_ids: list[int] | None = None) -> dict[Key, tuple[int, float]]:
    """(count, sum) per rated episode, from scratch: ratings of members not banned."""
    query = (
        select(
            EpisodeRating.show_id,
            EpisodeRating.episode,
            func.count(),
            func.sum(EpisodeRating.rating),
        )
        .join(User, User.id == EpisodeRating.user_id)
        .where(User.is_banned.is_(False))
        .group_by(EpisodeRating.show_id, EpisodeRating.episode)
    )
    if show_ids is not None:
        query = query.where(EpisodeRating.show_id.in_(show_ids))
    return {(show_id, episode): (count, float(total))
            for show_id, episode, count, total in db.session.execute(query)}  # fmt: skip


def _stored(show_ids: list[int] | None = None, *, lock: bool = False) -> dict[Key, EpisodeStats]:
    query = select(EpisodeStats).order_by(EpisodeStats.show_id, EpisodeStats.episode)
    if show_ids is not None:
        query = query.where(EpisodeStats.show_id.in_(show_ids))
    if lock:
        query = query.with_for_update()
    return {(row.show_id, row.episode): row for row in db.session.scalars(query)}


def drifts() -> list[str]:
    """Every difference between the episode statistics and a recomputation, one line
    each (a stored row of zeros equals no row)."""
    expected = recompute()
    stored = _stored()
    problems = []
    for key in sorted(expected.keys() | stored.keys()):
        count, total = expected.get(key, (0, 0.0))
        row = stored.get(key)
        have = (row.rating_count, row.rating_sum) if row else (0, 0.0)
        if have != (count, total):
            show_id, episode = key
            problems.append(
                f"show {show_id} episode {episode}: rating_count, rating_sum are "
                f"{have[0]}, {have[1]}, expected {count}, {total}"
            )
    return problems


def rebuild(show_ids: list[int] | None = None) -> int:
    """Overwrite episode statistics with a recomputation; the number of rows changed."""
    stored = _stored(show_ids, lock=True)
    expected = recompute(show_ids)
    changed = 0
    for key in sorted(expected.keys() | stored.keys()):
        count, total = expected.get(key, (0, 0.0))
        row = stored.get(key)
        if row is None:
            row = EpisodeStats(show_id=key[0], episode=key[1])
            db.session.add(row)
        elif (row.rating_count, row.rating_sum) == (count, total):
            continue
        row.rating_count, row.rating_sum = count, total
        changed += 1
    db.session.flush()
    return changed
