"""The catalogue: dramas, their alternative titles, genres, episodes and search terms."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app import search
from app.extensions import db
from app.models.user import utcnow

# Search terms are compared by code point, so a prefix is a contiguous range in the index.
TERM_TYPE = String(100).with_variant(String(100, collation="C"), "postgresql")


class Show(db.Model):
    """A drama. `synopsis` is spoiler-free by editorial rule."""

    __tablename__ = "show"
    __table_args__ = (
        CheckConstraint("episode_count >= 1", name="episode_count_positive"),
        CheckConstraint("runtime_minutes BETWEEN 1 AND 600", name="runtime_minutes_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    native_title: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(index=True)
    network: Mapped[str | None] = mapped_column(String(100), index=True)
    episode_count: Mapped[int]
    # Minutes per episode, for members' hours watched (app/users/stats.py); None: unknown.
    runtime_minutes: Mapped[int | None]
    synopsis: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Counts changes to anything the show page shows (app/pagecache.py).
    page_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The keys of every title (app/search.py), kept with `search_terms` by the flush
    # listener at the end of this module, so no writer can forget them.
    search_key: Mapped[str] = mapped_column(
        String(search.MAX_SEARCH_KEY_LENGTH), default="", server_default="", index=True
    )
    # The content hash naming the poster's WebP files (app/images.py); None: the cover
    # the browser draws from the title (templates/macros/images.html).
    poster_key: Mapped[str | None] = mapped_column(String(20))

    alt_titles: Mapped[list["AltTitle"]] = relationship(
        back_populates="show", cascade="all, delete-orphan", order_by="AltTitle.id"
    )
    genres: Mapped[list["ShowGenre"]] = relationship(
        cascade="all, delete-orphan", order_by="ShowGenre.name"
    )
    episodes: Mapped[list["Episode"]] = relationship(
        back_populates="show", cascade="all, delete-orphan", order_by="Episode.number"
    )
    search_terms: Mapped[list["SearchTerm"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def genre_names(self) -> list[str]:
        """The show's genres, alphabetically."""
        return [genre.name for genre in self.genres]

    @property
    def episodes_by_number(self) -> dict[int, "Episode"]:
        """The show's Episode rows (titles and synopses) by number; an episode may have none."""
        return {episode.number: episode for episode in self.episodes}


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
    """A suffix of the key of one of a show's titles (app/search.py).

    Looking up a query word as a prefix of these terms finds it anywhere inside a title,
    spaces and punctuation ignored, through the index, on SQLite and PostgreSQL alike.
    """

    __tablename__ = "search_term"
    __table_args__ = (Index("ix_search_term_term_show_id", "term", "show_id"),)

    show_id: Mapped[int] = mapped_column(
        ForeignKey("show.id", ondelete="CASCADE"), primary_key=True
    )
    term: Mapped[str] = mapped_column(TERM_TYPE, primary_key=True)


TITLE_ATTRIBUTES = ("title", "native_title", "alt_titles")


def _titles_changed(show: Show) -> bool:
    state = inspect(show)
    if state.pending or state.transient:
        return True
    return any(state.attrs[name].history.has_changes() for name in TITLE_ATTRIBUTES)


def _refresh_search(session: Session, show: Show) -> None:
    """Set `show`'s search key and bring its search terms in line with its titles."""
    titles = [show.title or "", show.native_title or ""] + [
        alt.title for alt in show.alt_titles if alt not in session.deleted
    ]
    show.search_key = search.search_key(titles)
    wanted = search.terms_for(titles)
    current = {row.term: row for row in show.search_terms}
    for term, row in current.items():
        if term not in wanted:
            show.search_terms.remove(row)
    show.search_terms.extend(SearchTerm(term=term) for term in sorted(wanted - current.keys()))


@event.listens_for(Session, "before_flush")
def _keep_search_keys(session: Session, _context, _instances) -> None:
    """Before every flush: re-key each show whose titles change (a new show, a changed
    title or native title, an alternative title added, edited or removed)."""
    shows = {obj for obj in session.new if isinstance(obj, Show)}
    shows.update(obj for obj in session.dirty if isinstance(obj, Show) and _titles_changed(obj))
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, AltTitle) and obj.show is not None:
            shows.add(obj.show)
    for show in shows:
        if show not in session.deleted:
            _refresh_search(session, show)
