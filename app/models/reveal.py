"""Episodes of a review that a member chose to keep revealed."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ReviewReveal(db.Model):
    """A member keeps episode `episode` of a review revealed (on its page, its comments
    and its card) until they press "Hide again". Anonymous readers keep theirs in the
    session (app/reveals.py). Once the member's progress passes the episode the row is
    moot, and it goes with the member or the review."""

    __tablename__ = "review_reveal"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    episode: Mapped[int] = mapped_column(primary_key=True)
