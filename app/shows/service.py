"""Catalogue operations: add or update shows. They flush; callers commit."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    AltTitle,
    Episode,
    Show,
    ShowGenre,
    WatchEntry,
)
from app.scores import service as scores
from app.shows.records import ShowRecord


def save_show(record: ShowRecord, *, show: Show | None = None) -> tuple[Show, bool]:
    """Update `show`, or else the show with the record's slug, or add a new one.

    Returns the show and whether it is new.
    """
    if show is None:
        show = db.session.scalar(
            select(Show).where(Show.slug == record.slug).options(*_catalogue_options())
        )
    created = show is None
    if created:
        show = Show(slug=record.slug)
        db.session.add(show)
    old_episode_count = show.episode_count
    show.slug = record.slug
    show.title = record.title
    show.native_title = record.native_title
    show.year = record.year
    show.network = record.network
    show.episode_count = record.episodes
    show.runtime_minutes = record.runtime_minutes
    show.synopsis = record.synopsis
    _sync_alt_titles(show, record.alt_titles)
    _sync_genres(show, record.genres)
    _sync_episodes(show, record)
    db.session.flush()
    _clamp_progress(show)  # the search key and terms follow the titles by themselves
    scores.ensure_stats_row(show)
    if not created and old_episode_count != show.episode_count:
        scores.rebuild([show.id])  # eligibility and "completed" depend on the count
    return show, created


def _catalogue_options():
    return (selectinload(Show.alt_titles), selectinload(Show.genres), selectinload(Show.episodes))


def _sync_alt_titles(show: Show, titles: list[str]) -> None:
    if [alt.title for alt in show.alt_titles] != titles:
        show.alt_titles = [AltTitle(title=title) for title in titles]


def _sync_genres(show: Show, names: list[str]) -> None:
    if show.genre_names != sorted(names):
        show.genres = [ShowGenre(name=name) for name in sorted(names)]


def _sync_episodes(show: Show, record: ShowRecord) -> None:
    """One Episode row per episode; titles from the guide, blank where it has none."""
    by_number = {episode.number: episode for episode in show.episodes}
    for number in range(1, record.episodes + 1):
        info = record.episode_guide[number - 1] if number <= len(record.episode_guide) else None
        episode = by_number.get(number)
        if episode is None:
            episode = Episode(number=number)
            show.episodes.append(episode)
        title, synopsis = (info.title, info.synopsis) if info else ("", "")
        if (episode.title, episode.synopsis) != (title, synopsis):
            episode.title, episode.synopsis = title, synopsis
    for number, episode in by_number.items():
        if number > record.episodes:
            show.episodes.remove(episode)


def _clamp_progress(show: Show) -> None:
    """A shorter episode count (a correction) caps everyone's progress at the new end."""
    entries = db.session.scalars(
        select(WatchEntry).where(
            WatchEntry.show_id == show.id, WatchEntry.episodes_watched > show.episode_count
        )
    )
    for entry in entries:
        entry.episodes_watched = show.episode_count
        entry.status = "completed"
