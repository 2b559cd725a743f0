"""The catalogue: dramas, their alternative titles, genres, episodes and search terms."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.user import utcnow

# Search terms are compared by code point, so a prefix is a contiguous range in the index.
TERM_TYPE = String(100).with_variant(String(100, collation="C"), "postgresql")


class Show(db.Model):
    """A drama. `synopsis` is spoiler-free by editorial rule."""

    __tablename__ = "show"
    __table_args__ = (CheckConstraint("episode_count >= 1", name="episode_count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    native_title: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(index=True)
    network: Mapped[str | None] = mapped_column(String(100), index=True)
    episode_count: Mapped[int]
    synopsis: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Counts changes to anything the show page shows (app/pagecache.py).
    page_version: Mapped[int] = mapped_column(default=0, server_default="0")

    alt_titles: Mapped[list["AltTitle"]] = relationship(
        back_populates="show", cascade="all, delete-orphan", order_by="AltTitle.id"
    )
    genres: Mapped[list["ShowGenre"]] = relationship(
        cascade="all, delete-orphan", order_by="ShowGenre.name"
    )
    episodes: Mapped[list["Episode"]] = relationship(
        back_populates="show", cascade="all, delete-orphan", order_by="Episode.number"
    )

    @property
    def genre_names(self) -> list[str]:
        """The show's genres, alphabetically."""
        return [genre.name for genre in self.genres]


class AltTitle(db.Model):
    """Another title a show is known by: a romanisation, an English or a working title."""

    __tablename__ = "alt_title"

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))

    show: Mapped[Show] = relationship(back_populates="alt_titles")


class ShowGenre(db.Model):
    """One genre of one show."""

    __tablename__ = "show_genre"

    show_id: Mapped[int] = mapped_column(
        ForeignKey("show.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(50), primary_key=True, index=True)


class Episode(db.Model):
    """An episode's title and synopsis: withheld from readers who have not reached it."""

    __tablename__ = "episode"
    __table_args__ = (
        UniqueConstraint("show_id", "number", name="uq_episode_show_id_number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200), default="")
    synopsis: Mapped[str] = mapped_column(Text, default="")

    show: Mapped[Show] = relationship(back_populates="episodes")


class SearchTerm(db.Model):
    """A normalised suffix of a word of one of a show's titles.

    Looking up a query word as a prefix of these terms finds it anywhere inside a title
    word, through the index, on SQLite and PostgreSQL alike.
    """

    __tablename__ = "search_term"
    __table_args__ = (Index("ix_search_term_term_show_id", "term", "show_id"),)

    show_id: Mapped[int] = mapped_column(
        ForeignKey("show.id", ondelete="CASCADE"), primary_key=True
    )
    term: Mapped[str] = mapped_column(TERM_TYPE, primary_key=True)
