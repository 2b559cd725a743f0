"""Reading episodes: the Episode rows an episode page shows (its own and its neighbours')."""

from sqlalchemy import bindparam, select

from app.extensions import db
from app.models import Episode, Show

# Built once: every episode page asks.
ROWS_AROUND = select(Episode).where(
    Episode.show_id == bindparam("show_id"),
    Episode.number.between(bindparam("first"), bindparam("last")),
)


def rows_around(show: Show, episode: int) -> dict[int, Episode]:
    """The Episode rows of `episode` and of the episodes before and after it, by number
    (in one query); an episode without a row is simply missing."""
    rows = db.session.scalars(
        ROWS_AROUND, {"show_id": show.id, "first": episode - 1, "last": episode + 1}
    )
    return {row.number: row for row in rows}


def is_episode_of(show: Show, episode: int) -> bool:
    """True when `show` has an episode numbered `episode` (1 to its episode count)."""
    return 1 <= episode <= show.episode_count
