"""Who follows and who blocks whom (issue 18)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.user import utcnow


class Follow(db.Model):
    """`follower` follows `followed`: their activity comes into the follower's feed."""

    __tablename__ = "follow"
    __table_args__ = (CheckConstraint("follower_id <> followed_id", name="not_self"),)

    follower_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    followed_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Block(db.Model):
    """`blocker` blocks `blocked`: the blocked member's activity is hidden from the
    blocker and they send the blocker no notifications."""

    __tablename__ = "block"
    __table_args__ = (CheckConstraint("blocker_id <> blocked_id", name="not_self"),)

    blocker_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProgressEvent(db.Model):
    """A member's progress on a show moved from `from_episode` to `to_episode`: the
    feed's "Unlocked for you" and the profile's year in review read these."""

    __tablename__ = "progress_event"
    __table_args__ = (Index("ix_progress_event_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    show_id: Mapped[int] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"), index=True)
    from_episode: Mapped[int]
    to_episode: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
