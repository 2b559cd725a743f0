"""Notifications of what others did with a member's reviews and comments, and which
kinds a member turned off (issue 18)."""

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.comment import Comment
from app.models.review import Review
from app.models.show import Show
from app.models.user import User, utcnow

# kind: what the member may turn off is labelled; "moderation" (a moderator acted on
# their content, with the reason) always reaches them.
NOTIFICATION_KINDS = ("comment", "reply", "helpful", "follow", "moderation")
OPTIONAL_KINDS = {
    "comment": "Comments on my reviews",
    "reply": "Replies to my comments",
    "helpful": "Helpful votes on my reviews",
    "follow": "New followers",
}
# One unread helpful-vote row per review: later votes raise its count (an upsert on it).
UNREAD_HELPFUL = text("kind = 'helpful' AND read_at IS NULL")


class Notification(db.Model):
    """Something that happened to `recipient`'s content or account.

    No text is stored: the sentence is built when it is read, from the subject (a
    review, a comment, a show and episode) and the reader's progress at that moment, so
    it never says more than the reader has reached. `count` batches helpful votes
    ("5 people found your review helpful"); `action` and `reason` are a moderator's.
    """

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_recipient_id_id", "recipient_id", "id"),
        Index("ix_notification_recipient_id_read_at", "recipient_id", "read_at"),
        Index(
            "uq_notification_unread_helpful", "recipient_id", "review_id", unique=True,
            sqlite_where=UNREAD_HELPFUL, postgresql_where=UNREAD_HELPFUL,
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(
        Enum(*NOTIFICATION_KINDS, name="notification_kind", native_enum=False,
             create_constraint=True, length=20)
    )  # fmt: skip
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    show_id: Mapped[int | None] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"))
    episode: Mapped[int | None]
    action: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    count: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    review: Mapped[Review | None] = relationship()
    comment: Mapped[Comment | None] = relationship()
    show: Mapped[Show | None] = relationship()


class NotificationOptOut(db.Model):
    """`user` turned notifications of `kind` (one of OPTIONAL_KINDS) off."""

    __tablename__ = "notification_opt_out"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
