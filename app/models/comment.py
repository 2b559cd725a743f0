"""Comments under reviews and in episodes' discussion threads, and their earlier versions."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.moderated import Moderated
from app.models.review import Review
from app.models.show import Show
from app.models.user import User, utcnow

COMMENT_STATUSES = ("visible", "hidden", "deleted")

# A comment lives in exactly one place: under a review, or in an episode's thread (a show
# and an episode number), where it carries its author's progress stamp and may reply to a
# top-level comment of the same thread.
ONE_PLACE = (
    "(review_id IS NOT NULL AND show_id IS NULL AND episode IS NULL"
    " AND written_at_episode IS NULL AND parent_id IS NULL)"
    " OR (review_id IS NULL AND show_id IS NOT NULL AND episode >= 1"
    " AND written_at_episode >= episode)"
)


class Comment(Moderated, db.Model):
    """A reader's comment on a review, or in the discussion thread of one episode of a
    show: Markdown with the same spoiler markup.

    Like a review, the body is rendered once into `segments`; hidden and deleted
    comments keep their place in the thread. A thread comment is stamped with
    `written_at_episode`, the episode its author had reached when writing it (at least
    the thread's: only members who watched the episode post in its thread), and a reply
    names its top-level comment in `parent_id` (one level deep). An episode is a number:
    its `Episode` row (title, synopsis) may not exist.
    """

    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_review_id_created_at", "review_id", "created_at"),
        Index("ix_comment_thread", "show_id", "episode", "created_at"),
        CheckConstraint(ONE_PLACE, name="one_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    show_id: Mapped[int | None] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"))
    episode: Mapped[int | None]
    written_at_episode: Mapped[int | None]
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
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

    review: Mapped[Review | None] = relationship()
    thread_show: Mapped[Show | None] = relationship()
    parent: Mapped["Comment | None"] = relationship(remote_side=[id])
    author: Mapped[User] = relationship()
    revisions: Mapped[list["CommentRevision"]] = relationship(
        back_populates="comment", cascade="all, delete-orphan", order_by="CommentRevision.id"
    )

    @property
    def in_thread(self) -> bool:
        """True for a comment in an episode's thread, False for one under a review."""
        return self.review_id is None

    @property
    def show(self) -> Show:
        """The show the comment is about: its review's, or its thread's."""
        return self.thread_show if self.in_thread else self.review.show


class EpisodeThread(db.Model):
    """The number of comments posted in one episode's thread: every post, top-level or
    reply, whatever became of it (hidden and deleted comments keep their place in the
    thread, "Comment deleted"). Raised by one atomic upsert-increment in the transaction
    of each post (app/comments/service.py); `flask stats check` recomputes it from
    `comment`. No row: no comment yet."""

    __tablename__ = "episode_thread"
    __table_args__ = (CheckConstraint("comment_count >= 0", name="comment_count_not_negative"),)

    show_id: Mapped[int] = mapped_column(
        ForeignKey("show.id", ondelete="CASCADE"), primary_key=True
    )
    episode: Mapped[int] = mapped_column(primary_key=True)
    comment_count: Mapped[int] = mapped_column(default=0)


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
