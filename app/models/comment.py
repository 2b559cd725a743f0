"""Comments under reviews, and their earlier versions."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.moderated import Moderated
from app.models.review import Review
from app.models.user import User, utcnow

COMMENT_STATUSES = ("visible", "hidden", "deleted")


class Comment(Moderated, db.Model):
    """A reader's comment on a review, Markdown with the same spoiler markup.

    Like a review, the body is rendered once into `segments`; hidden and deleted
    comments keep their place in the thread.
    """

    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_review_id_created_at", "review_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    segments: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        Enum(*COMMENT_STATUSES, name="comment_status", native_enum=False,
             create_constraint=True, length=20),
        default="visible",
    )  # fmt: skip
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    review: Mapped[Review] = relationship()
    author: Mapped[User] = relationship()
    revisions: Mapped[list["CommentRevision"]] = relationship(
        back_populates="comment", cascade="all, delete-orphan", order_by="CommentRevision.id"
    )


class CommentRevision(db.Model):
    """A comment as it was before an edit (its author's, or a moderator's re-tag), for its
    edit history. `editor` made the edit at `created_at`; `reason` is a moderator's."""

    __tablename__ = "comment_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="revisions")
    editor: Mapped[User | None] = relationship()
