"""What members did that their followers and the shows' watchers see in their feeds (issue 18)."""

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.show import Show
from app.models.user import User, utcnow

ACTIVITY_KINDS = ("review", "episode_rating", "list_item")


class Activity(db.Model):
    """One feed item: `actor` wrote a review, rated an episode or added a show to a list.

    `id` orders the feed and is its cursor (newest first, `?before=<id>`), so a page
    stays put while newer items arrive. `target_id` names the source: the review's id,
    the rated episode's number (the rating's key is actor, show and episode), or the
    list's id. The feed joins each item to its source and skips what is gone, held or
    no longer public, so nothing here needs deleting when a source goes.
    `episode` is the episode it concerns, for gating: a review's written-at episode,
    the rated episode.
    """

    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_actor_id_id", "actor_id", "id"),
        Index("ix_activity_show_id_id", "show_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    show_id: Mapped[int | None] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(
        Enum(*ACTIVITY_KINDS, name="activity_kind", native_enum=False,
             create_constraint=True, length=20)
    )  # fmt: skip
    target_id: Mapped[int]
    episode: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User] = relationship()
    show: Mapped[Show | None] = relationship()
