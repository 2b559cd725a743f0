"""Reports from readers and the append-only log of moderator actions."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.comment import Comment
from app.models.lists import ShowList
from app.models.review import Review
from app.models.user import User, utcnow

REPORT_REASONS = {
    "spam": "Spam",
    "abuse": "Abuse or harassment",
    "unmarked_spoiler": "Unmarked spoiler",
    "other": "Something else",
}
REPORT_STATUSES = ("open", "resolved", "dismissed")
ONE_TARGET = (
    "(CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN review_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN list_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class Report(db.Model):
    """A reader's report of a comment, a review or a list of shows (exactly one)."""

    __tablename__ = "report"
    __table_args__ = (
        CheckConstraint(ONE_TARGET, name="one_target"),
        Index("ix_report_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), index=True
    )
    list_id: Mapped[int | None] = mapped_column(
        ForeignKey("show_list.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(
        Enum(*REPORT_REASONS, name="report_reason", native_enum=False, create_constraint=True,
             length=20)
    )  # fmt: skip
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(
        Enum(*REPORT_STATUSES, name="report_status", native_enum=False, create_constraint=True,
             length=20),
        default="open",
    )  # fmt: skip
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None]

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    comment: Mapped[Comment | None] = relationship()
    review: Mapped[Review | None] = relationship()
    show_list: Mapped[ShowList | None] = relationship()

    @property
    def target(self) -> Comment | Review | ShowList:
        """What is reported."""
        return self.comment or self.review or self.show_list


class ModerationAction(db.Model):
    """One moderator action: who, what, to what, why, when. Never edited or deleted.

    `target_label` keeps a readable name of the target even if it is deleted later;
    `details` holds extra facts, e.g. the diff of a spoiler re-tag.
    """

    __tablename__ = "moderation_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    target_label: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    # What the site does by itself, with no moderator: a ban that ended, a hold after reports.
    SITE_ACTIONS = frozenset({"user_ban_ended", "review_held", "comment_held", "showlist_held"})

    @property
    def by_site(self) -> bool:
        """True for an entry the site wrote by itself (its actor is None)."""
        return self.action in self.SITE_ACTIONS
