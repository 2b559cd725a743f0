"""A member's watch statistics for their profile (issue 18): episodes and hours watched,
shows completed, their scores, their genres and a year in review.

Five queries whatever the size of the member's list, each aggregated in SQL: the entries
by score (totals and the score distribution at once), the genres, the member's first
activity (the years on offer), the year's months, and the year's completions and
reviews. Times are UTC, as stored.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, distinct, extract, func, select

from app.extensions import db
from app.models import ProgressEvent, Review, Show, ShowGenre, User, WatchEntry
from app.models.user import utcnow
from app.permissions import can_see_list
from app.scoring import HALF_POINTS

TOP_GENRES = 6
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class GenreCount:
    """A genre among the shows a member has watched: episodes watched and shows."""

    name: str
    episodes: int
    shows: int


@dataclass(frozen=True)
class YearInReview:
    """One calendar year of a member's watching (UTC)."""

    year: int
    years: list[int]  # the years a reader may choose, newest first
    months: list[int]  # episodes watched in each month, January first
    completed: int  # shows whose last episode the member reached that year
    reviews: int  # reviews written that year

    @property
    def episodes(self) -> int:
        """Episodes watched in the year."""
        return sum(self.months)

    @property
    def month_rows(self) -> list[tuple[str, int]]:
        """(month abbreviation, episodes) for the chart and its table."""
        return list(zip(MONTHS, self.months, strict=True))


@dataclass(frozen=True)
class WatchStats:
    """Everything templates/users/_stats.html draws."""

    episodes: int
    minutes: int  # episodes × runtime, over shows with a runtime
    without_runtime: int  # shows watched (episodes > 0) whose runtime is unknown
    completed: int
    scores: list[int]  # the member's scores over HALF_POINTS, 1.0 first
    genres: list[GenreCount]
    year: YearInReview

    @property
    def hours(self) -> str:
        """Hours watched as words read them: "7.5" under ten hours, "1,234" above."""
        hours = self.minutes / 60
        return f"{hours:.1f}".removesuffix(".0") if hours < 10 else f"{round(hours):,}"

    @property
    def scored(self) -> int:
        """How many shows the member has scored."""
        return sum(self.scores)


def profile_stats(user: User, *, viewer=None, year: int | None = None) -> dict:
    """The context of templates/users/_stats.html: `stats` (None when `viewer`, e.g.
    current_user, may not see `user`'s list; no viewer counts as an anonymous reader),
    for the calendar `year` asked for (the current one when absent or out of range)."""
    if not (can_see_list(viewer, user) if viewer is not None else user.is_list_public):
        return {"stats": None}
    totals, scores = _entry_totals(user)
    return {
        "stats": WatchStats(
            **totals, scores=scores, genres=_genres(user), year=_year_in_review(user, year)
        )
    }


def _entry_totals(user: User) -> tuple[dict, list[int]]:
    """One query: the member's entries grouped by score, summed for the totals."""
    watched = WatchEntry.episodes_watched
    rows = db.session.execute(
        select(
            WatchEntry.score,
            func.count(WatchEntry.score),
            func.coalesce(func.sum(watched), 0),
            func.coalesce(func.sum(watched * Show.runtime_minutes), 0),
            func.sum(case((and_(Show.runtime_minutes.is_(None), watched > 0), 1), else_=0)),
            func.sum(case((WatchEntry.status == "completed", 1), else_=0)),
        )
        .join(Show, Show.id == WatchEntry.show_id)
        .where(WatchEntry.user_id == user.id)
        .group_by(WatchEntry.score)
    ).all()
    by_half = {round(score * 2): count for score, count, *_ in rows if score is not None}
    totals = dict(episodes=0, minutes=0, without_runtime=0, completed=0)
    for *_, episodes, minutes, without_runtime, completed in rows:
        totals["episodes"] += int(episodes)
        totals["minutes"] += int(minutes)
        totals["without_runtime"] += int(without_runtime)
        totals["completed"] += int(completed)
    return totals, [by_half.get(half, 0) for half in HALF_POINTS]


def _genres(user: User) -> list[GenreCount]:
    """The genres of the shows the member has watched, most episodes first."""
    episodes = func.sum(WatchEntry.episodes_watched)
    rows = db.session.execute(
        select(ShowGenre.name, episodes, func.count())
        .join(WatchEntry, WatchEntry.show_id == ShowGenre.show_id)
        .where(WatchEntry.user_id == user.id, WatchEntry.episodes_watched > 0)
        .group_by(ShowGenre.name)
        .order_by(episodes.desc(), ShowGenre.name)
        .limit(TOP_GENRES)
    ).all()
    return [GenreCount(name, int(total), shows) for name, total, shows in rows]


def _year_in_review(user: User, wanted: int | None) -> YearInReview:
    """Three queries: the member's first activity (which bounds the years offered), the
    chosen year's episodes by month (positive progress changes only: lowering progress
    unwatches nothing), then its completions and reviews."""
    this_year = utcnow().year
    first = _first_year(user, this_year)
    year = wanted if wanted is not None and first <= wanted <= this_year else this_year
    start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    in_year = and_(
        ProgressEvent.user_id == user.id,
        ProgressEvent.created_at >= start,
        ProgressEvent.created_at < end,
    )
    month = extract("month", ProgressEvent.created_at)
    delta = ProgressEvent.to_episode - ProgressEvent.from_episode
    rows = db.session.execute(
        select(month, func.sum(case((delta > 0, delta), else_=0))).where(in_year).group_by(month)
    ).all()
    months = [0] * 12
    for number, episodes in rows:
        months[int(number) - 1] = int(episodes)
    completed, reviews = _year_counts(user, in_year, start, end)
    return YearInReview(year, list(range(this_year, first - 1, -1)), months, completed, reviews)


def _year_counts(user: User, in_year, start: datetime, end: datetime) -> tuple[int, int]:
    """Shows finished in the year (a change that reached the last episode) and reviews
    written in it, in one statement."""
    finished = (
        select(func.count(distinct(ProgressEvent.show_id)))
        .join(Show, Show.id == ProgressEvent.show_id)
        .where(
            in_year,
            ProgressEvent.to_episode >= Show.episode_count,
            ProgressEvent.from_episode < Show.episode_count,
        )
        .scalar_subquery()
    )
    written = (
        select(func.count())
        .select_from(Review)
        .where(Review.author_id == user.id, Review.created_at >= start, Review.created_at < end)
        .scalar_subquery()
    )
    completed, reviews = db.session.execute(select(finished, written)).one()
    return completed, reviews


def _first_year(user: User, this_year: int) -> int:
    """The year of the member's first progress change or review (this year if none)."""
    firsts = db.session.execute(
        select(
            select(func.min(ProgressEvent.created_at))
            .where(ProgressEvent.user_id == user.id)
            .scalar_subquery(),
            select(func.min(Review.created_at))
            .where(Review.author_id == user.id)
            .scalar_subquery(),
        )
    ).one()
    return min([this_year] + [first.year for first in firsts if first is not None])
