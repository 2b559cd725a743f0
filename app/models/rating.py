"""Episode ratings, and their statistics kept exact by atomic increments (app/ratings)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.user import utcnow


class EpisodeRating(db.Model):
    """One member's rating of one episode of a show (1.0 to 10.0 in halves).

    An episode is a show and a number: the show's guide (`Episode`) need not have a row
    for it. Ratings of banned members stay stored but leave the statistics.
    """

    __tablename__ = "episode_rating"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 10", name="rating_range"),
        CheckConstraint("rating * 2 = CAST(rating * 2 AS INTEGER)", name="rating_half_steps"),
        CheckConstraint("episode >= 1", name="episode_positive"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    show_id: Mapped[int] = mapped_column(
        ForeignKey("show.id", ondelete="CASCADE"), primary_key=True
    )
    episode: Mapped[int] = mapped_column(primary_key=True)
    rating: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EpisodeStats(db.Model):
    """Counted ratings of one episode: how many and their sum.

    Changed only by an upsert that adds to the columns (`rating_count = rating_count +
    :delta`) in the same transaction as the write that moves them; `flask stats check`
    recomputes them from the ratings. A row may hold zeros once its ratings are gone.
    """

    __tablename__ = "episode_stats"

    show_id: Mapped[int] = mapped_column(
        ForeignKey("show.id", ondelete="CASCADE"), primary_key=True
    )
    episode: Mapped[int] = mapped_column(primary_key=True)
    rating_count: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[float] = mapped_column(default=0.0)
