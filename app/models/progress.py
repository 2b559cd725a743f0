"""Watch progress: one entry per user and show."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.show import Show
from app.models.user import utcnow

STATUSES = ("plan_to_watch", "watching", "completed", "on_hold", "dropped")
STATUS_LABELS = {
    "plan_to_watch": "Plan to watch",
    "watching": "Watching",
    "completed": "Completed",
    "on_hold": "On hold",
    "dropped": "Dropped",
}


class WatchEntry(db.Model):
    """How far a user has watched a show, and what they mean to do with it."""

    __tablename__ = "watch_entry"
    __table_args__ = (
        UniqueConstraint("user_id", "show_id", name="uq_watch_entry_user_id_show_id"),
        CheckConstraint("episodes_watched >= 0", name="episodes_watched_not_negative"),
        CheckConstraint("hide_numbers_until >= 0", name="hide_numbers_until_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    show_id: Mapped[int] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(
        Enum(*STATUSES, name="watch_status", native_enum=False, create_constraint=True, length=20)
    )
    episodes_watched: Mapped[int] = mapped_column(default=0)
    score: Mapped[float | None]  # 1.0-10.0 in halves; mirrors the member's review rating
    # "Numbers that spoil" (issue 17), this show only: None follows the member's account
    # setting, 0 always shows the numbers, N hides them until episode N is watched.
    hide_numbers_until: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    show: Mapped[Show] = relationship()
