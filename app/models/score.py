"""Per-show score statistics, kept exact by atomic increments (see app/scores)."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ShowStats(db.Model):
    """Counted scores of one show: totals, completed viewers, sub-ratings, 19 buckets.

    Every column is a running total changed only by `UPDATE ... SET c = c + :delta` in
    the same transaction as the write that moves it; `flask stats check` recomputes
    them from the source rows.
    """

    __tablename__ = "show_stats"

    show_id: Mapped[int] = mapped_column(
        ForeignKey("show.id", ondelete="CASCADE"), primary_key=True
    )
    rating_count: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[float] = mapped_column(default=0.0)
    completed_count: Mapped[int] = mapped_column(default=0)
    completed_sum: Mapped[float] = mapped_column(default=0.0)
    story_count: Mapped[int] = mapped_column(default=0)
    story_sum: Mapped[float] = mapped_column(default=0.0)
    acting_count: Mapped[int] = mapped_column(default=0)
    acting_sum: Mapped[float] = mapped_column(default=0.0)
    music_count: Mapped[int] = mapped_column(default=0)
    music_sum: Mapped[float] = mapped_column(default=0.0)
    rewatch_count: Mapped[int] = mapped_column(default=0)
    rewatch_sum: Mapped[float] = mapped_column(default=0.0)
    half_2_count: Mapped[int] = mapped_column(default=0)
    half_3_count: Mapped[int] = mapped_column(default=0)
    half_4_count: Mapped[int] = mapped_column(default=0)
    half_5_count: Mapped[int] = mapped_column(default=0)
    half_6_count: Mapped[int] = mapped_column(default=0)
    half_7_count: Mapped[int] = mapped_column(default=0)
    half_8_count: Mapped[int] = mapped_column(default=0)
    half_9_count: Mapped[int] = mapped_column(default=0)
    half_10_count: Mapped[int] = mapped_column(default=0)
    half_11_count: Mapped[int] = mapped_column(default=0)
    half_12_count: Mapped[int] = mapped_column(default=0)
    half_13_count: Mapped[int] = mapped_column(default=0)
    half_14_count: Mapped[int] = mapped_column(default=0)
    half_15_count: Mapped[int] = mapped_column(default=0)
    half_16_count: Mapped[int] = mapped_column(default=0)
    half_17_count: Mapped[int] = mapped_column(default=0)
    half_18_count: Mapped[int] = mapped_column(default=0)
    half_19_count: Mapped[int] = mapped_column(default=0)
    half_20_count: Mapped[int] = mapped_column(default=0)

    def histogram(self) -> list[int]:
        """Counts of scores 1.0, 1.5, ... 10.0 (19 numbers)."""
        return [getattr(self, f"half_{half}_count") for half in range(2, 21)]
