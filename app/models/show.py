"""The catalogue: TV dramas with their facts."""

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.user import utcnow


class Show(db.Model):
    """A drama. `synopsis` is spoiler-free by editorial rule."""

    __tablename__ = "show"
    __table_args__ = (CheckConstraint("episode_count >= 1", name="episode_count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    native_title: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None]
    network: Mapped[str | None] = mapped_column(String(100))
    episode_count: Mapped[int]
    synopsis: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
