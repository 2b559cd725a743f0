"""The community score, MyDramaList style, with the formula published. Pure.

A member's score counts toward a show once they have watched at least a fifth of its
episodes (rounded up). Each counted score adds to a show's statistics: count and sum,
count and sum among members who completed it, one of 19 half-point buckets, and the
sub-ratings of their review. Rankings use a Bayesian weighted rating.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

SUBRATINGS = ("story", "acting", "music", "rewatch")
HALF_POINTS = range(2, 21)  # 1.0 .. 10.0 in steps of 0.5, as whole half points
MIN_SCORE, MAX_SCORE = 1.0, 10.0
# The scale as forms offer it, highest first: "10.0", "9.5", ... "1.0".
SCALE = tuple(f"{half / 2:.1f}" for half in reversed(HALF_POINTS))
SCALE_WORDS = "from 1.0 to 10.0 in steps of 0.5"


def is_valid_score(value: float) -> bool:
    """True for 1.0 to 10.0 in steps of 0.5."""
    return MIN_SCORE <= value <= MAX_SCORE and (value * 2).is_integer()


def counts_from_episode(episode_count: int) -> int:
    """The episode from which a member's score counts: ceil(M / 5) (MyAnimeList's rule)."""
    return math.ceil(episode_count / 5)


def bucket_column(score: float) -> str:
    """The statistics column counting scores equal to `score` (e.g. 8.5 -> half_17_count)."""
    return f"half_{round(score * 2)}_count"


BUCKET_COLUMNS = tuple(f"half_{half}_count" for half in HALF_POINTS)
COLUMNS = (
    "rating_count",
    "rating_sum",
    "completed_count",
    "completed_sum",
    *(f"{name}_{kind}" for name in SUBRATINGS for kind in ("count", "sum")),
    *BUCKET_COLUMNS,
)


@dataclass(frozen=True)
class Contribution:
    """What one member's counted score adds to one show's statistics."""

    score: float
    completed: bool
    subratings: Mapping[str, float | None] = field(default_factory=dict)

    def columns(self) -> dict[str, float]:
        """This contribution as increments of the statistics columns."""
        values = {"rating_count": 1, "rating_sum": self.score, bucket_column(self.score): 1}
        if self.completed:
            values |= {"completed_count": 1, "completed_sum": self.score}
        for name in SUBRATINGS:
            value = self.subratings.get(name)
            if value is not None:
                values |= {f"{name}_count": 1, f"{name}_sum": value}
        return values


def contribution(
    *,
    score: float | None,
    episodes_watched: int,
    episode_count: int,
    is_banned: bool,
    subratings: Mapping[str, float | None] | None = None,
) -> Contribution | None:
    """The member's contribution, or None when their score does not count (no score,
    too few episodes watched, or banned)."""
    if score is None or is_banned or episodes_watched < counts_from_episode(episode_count):
        return None
    return Contribution(
        score=score,
        completed=episodes_watched >= episode_count,
        subratings=dict(subratings or {}),
    )


def delta(before: Contribution | None, after: Contribution | None) -> dict[str, float]:
    """Column increments that turn statistics holding `before` into ones holding `after`;
    columns that do not change are left out."""
    changes: dict[str, float] = {}
    for sign, item in ((-1, before), (1, after)):
        for column, value in (item.columns() if item else {}).items():
            changes[column] = changes.get(column, 0) + sign * value
    return {column: value for column, value in changes.items() if value != 0}


def mean(total: float, count: int) -> float | None:
    """total / count, or None without any count."""
    return total / count if count else None


def weighted_rating(*, total: float, count: int, site_mean: float, prior_votes: int) -> float:
    """WR = v/(v+m)·R + m/(v+m)·C, written as (v·R + m·C)/(v+m) = (sum + m·C)/(v+m)."""
    if count + prior_votes == 0:
        return site_mean
    return (total + prior_votes * site_mean) / (count + prior_votes)


@dataclass(frozen=True)
class ScoreSummary:
    """What the show page and the API publish about a show's score."""

    count: int
    mean: float | None  # None below the minimum number of counted scores
    completed_count: int
    completed_mean: float | None
    weighted: float | None
    histogram: list[int]
    subratings: dict[str, float | None]
    min_votes: int

    @property
    def enough(self) -> bool:
        """True once the show has the minimum number of counted scores."""
        return self.count >= self.min_votes


def summarise(
    values: Mapping[str, float], *, site_mean: float | None, min_votes: int, prior_votes: int
) -> ScoreSummary:
    """Means, weighted rating and histogram from a show's statistics columns.

    Below `min_votes` counted scores no mean is published (nor the completed mean, nor
    sub-rating means), only the counts and the histogram.
    """
    count = int(values["rating_count"])
    enough = count >= min_votes

    def published(total: float, n: int) -> float | None:
        return mean(total, n) if enough else None

    weighted = None
    if enough and site_mean is not None:
        weighted = weighted_rating(
            total=values["rating_sum"], count=count, site_mean=site_mean, prior_votes=prior_votes
        )
    return ScoreSummary(
        count=count,
        mean=published(values["rating_sum"], count),
        completed_count=int(values["completed_count"]),
        completed_mean=published(values["completed_sum"], int(values["completed_count"])),
        weighted=weighted,
        histogram=[int(values[column]) for column in BUCKET_COLUMNS],
        subratings={
            name: published(values[f"{name}_sum"], int(values[f"{name}_count"]))
            for name in SUBRATINGS
        },
        min_votes=min_votes,
    )
