"""Reviews, their revisions and helpful votes."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.moderated import Moderated
from app.models.show import Show
from app.models.user import User, utcnow
from app.scoring import SUBRATINGS


class Review(Moderated, db.Model):
    """One member's review of one show.

    `segments` is the body rendered once at write time (app.markup); a page view only
    joins its stored strings. `excerpt` is the spoiler-free text for lists and feeds.
    Ratings are halves from 1.0 to 10.0, exact in floating point.
    """

    __tablename__ = "review"
    __table_args__ = (
        UniqueConstraint("author_id", "show_id", name="uq_review_author_id_show_id"),
        CheckConstraint("rating_overall BETWEEN 1 AND 10", name="rating_overall_range"),
        CheckConstraint("episodes_watched >= 0", name="episodes_watched_not_negative"),
        # One index per sort (app/reviews/queries.py), each holding its whole key.
        Index("ix_review_show_newest", "show_id", "created_at", "id"),
        Index("ix_review_show_helpful", "show_id", "helpful_count", "created_at", "id"),
        Index("ix_review_show_rating", "show_id", "rating_overall", "created_at", "id"),
        Index("ix_review_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    segments: Mapped[list[Any]] = mapped_column(JSON)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    episodes_watched: Mapped[int]
    rating_overall: Mapped[float]
    rating_story: Mapped[float | None]
    rating_acting: Mapped[float | None]
    rating_music: Mapped[float | None]
    rating_rewatch: Mapped[float | None]
    helpful_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    show: Mapped[Show] = relationship()
    author: Mapped[User] = relationship()
    revisions: Mapped[list["ReviewRevision"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewRevision.id"
    )

    @property
    def is_preliminary(self) -> bool:
        """Written before its author had watched every episode."""
        return self.episodes_watched < self.show.episode_count

    def subratings(self) -> dict[str, float | None]:
        """The four optional sub-ratings by name."""
        return {name: getattr(self, f"rating_{name}") for name in SUBRATINGS}


class ReviewRevision(db.Model):
    """A review as it was before an edit, for its edit history (its author and moderators
    read it; other readers never do). `editor` made the edit at `created_at`; `reason` is
    a moderator's, when they edited someone else's review."""

    __tablename__ = "review_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    episodes_watched: Mapped[int]
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    review: Mapped[Review] = relationship(back_populates="revisions")
    editor: Mapped[User | None] = relationship()


class HelpfulVote(db.Model):
    """A reader found a review helpful (one vote per reader and review)."""

    __tablename__ = "helpful_vote"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
