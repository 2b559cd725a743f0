"""Reading episode ratings: one episode's, a show's per episode, a member's own, and the
show page's chart, which holds nothing of the episodes beyond the reader's progress."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import EpisodeRating, EpisodeStats, Show
from app.progress.rules import Progress
from app.scoring import mean


@dataclass(frozen=True)
class EpisodeRatingSummary:
    """The community rating of one episode: how many rated it and their mean (None
    below the minimum number of ratings, EPISODE_MIN_RATINGS)."""

    episode: int
    count: int = 0
    mean: float | None = None


def min_ratings() -> int:
    """Ratings an episode needs before its mean is shown."""
    return current_app.config["EPISODE_MIN_RATINGS"]


def summarise(episode: int, count: int, total: float) -> EpisodeRatingSummary:
    """The published summary of statistics `count` and `total`."""
    enough = count >= max(min_ratings(), 1)
    return EpisodeRatingSummary(episode, count, mean(total, count) if enough else None)


def episode_summaries(show: Show, *, up_to: int | None = None) -> dict[int, EpisodeRatingSummary]:
    """Every rated episode of `show` (up to episode `up_to` only, when given), by number,
    in one query."""
    query = select(EpisodeStats.episode, EpisodeStats.rating_count, EpisodeStats.rating_sum).where(
        EpisodeStats.show_id == show.id,
        EpisodeStats.rating_count > 0,
        EpisodeStats.episode <= (show.episode_count if up_to is None else up_to),
    )
    return {row.episode: summarise(*row) for row in db.session.execute(query)}


def episode_summary(show: Show, episode: int) -> EpisodeRatingSummary:
    """One episode's community rating."""
    return summary_and_own(show, episode, None)[0]


def summary_and_own(
    show: Show, episode: int, user_id: int | None
) -> tuple[EpisodeRatingSummary, float | None]:
    """The episode's community rating and the member's own rating of it (None: none, or
    no member), in one query."""
    stats = select(EpisodeStats.rating_count).where(
        EpisodeStats.show_id == show.id, EpisodeStats.episode == episode
    )
    own = select(EpisodeRating.rating).where(
        EpisodeRating.user_id == (user_id or 0),  # no member: no row
        EpisodeRating.show_id == show.id,
        EpisodeRating.episode == episode,
    )
    columns = [
        stats.with_only_columns(EpisodeStats.rating_count).scalar_subquery(),
        stats.with_only_columns(EpisodeStats.rating_sum).scalar_subquery(),
    ]
    row = db.session.execute(select(*columns, own.scalar_subquery())).one()
    count, total, rating = row
    return summarise(episode, count or 0, total or 0.0), rating


@dataclass(frozen=True)
class EpisodeChart:
    """What the show page's episode-ratings chart may show one reader: a summary per
    episode they have reached (`bars`, episodes 1..len(bars), count 0 when unrated) and
    the range withheld from them, of which it holds nothing. `hidden`: the reader's
    "numbers that spoil" setting hides the chart altogether."""

    episode_count: int
    bars: tuple[EpisodeRatingSummary, ...] = ()
    min_ratings: int = 1
    hidden: bool = False

    @property
    def withheld(self) -> range:
        """The episodes whose ratings the reader has not reached."""
        return range(len(self.bars) + 1, self.episode_count + 1)

    @property
    def rated(self) -> list[EpisodeRatingSummary]:
        """The bars with a mean to draw."""
        return [bar for bar in self.bars if bar.mean is not None]


def episode_chart(show: Show, progress: Progress) -> EpisodeChart:
    """The chart for a reader at `progress`: ratings of episodes beyond it are never
    read (one query, none for a reader at episode 0 or hiding the numbers)."""
    if progress.numbers_hidden:
        return EpisodeChart(show.episode_count, hidden=True)
    reached = max(0, min(progress.episodes_watched, show.episode_count))
    found = episode_summaries(show, up_to=reached) if reached else {}
    bars = tuple(found.get(n, EpisodeRatingSummary(n)) for n in range(1, reached + 1))
    return EpisodeChart(show.episode_count, bars, min_ratings=min_ratings())
