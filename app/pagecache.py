"""Rendered show pages, kept in each process and keyed by everything they show.

The show page below the site header costs far more to build (the show, its score, the
reader's widget and episode list, twenty gated review cards) than to look up. It depends
on the show's own data, the site mean C (in the weighted score), the reader's progress,
whether they are signed in or a moderator, their own reviews and votes on the show, and
the query string: all of it is in the cache key, so an entry is never stale and one reader
can never be served what another reader's progress allows.

The show's own data is summed up by `show.page_version`, which every write to it bumps
in the write's own transaction: ORM changes to a show, its titles, genres, episodes,
statistics or reviews are picked up by the session events below, and code that writes
through Core statements calls `changed(show_id)`. The bump is the transaction's last
statement, so the show row's lock is always taken last and never held while waiting.

CSRF tokens differ per session: an entry holds a placeholder in their place. Entries are
kept as UTF-8 (a page of twenty cards is about 50 KB) within PAGE_CACHE_MB per process.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from app.models import AltTitle, Episode, Review, Show, ShowGenre, ShowStats

CSRF_PLACEHOLDER = "\x00csrf\x00"  # cannot occur in rendered HTML
PENDING = "pagecache.changed_shows"  # the session.info key of this transaction's shows
SHOW_PARTS = (AltTitle, Episode, Review, ShowGenre, ShowStats)


class PageCache:
    """A thread-safe least-recently-used map of rendered HTML, `max_bytes` in all (UTF-8)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0  # bytes held
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Markup | None:
        """The entry for `key` with this request's CSRF token, or None."""
        with self._lock:
            data = self._entries.get(key)
            if data is None:
                return None
            self._entries.move_to_end(key)
        return Markup(data.decode().replace(CSRF_PLACEHOLDER, generate_csrf()))

    def put(self, key: Hashable, html: str) -> None:
        """Keep `html`, rendered for this request, under `key`."""
        data = str(html).replace(generate_csrf(), CSRF_PLACEHOLDER).encode()
        if len(data) > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.size += len(data) - (len(old) if old else 0)
            self._entries[key] = data
            while self.size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted)

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> Markup:
        """The entry for `key`; on a miss, `render()` it now and keep it."""
        html = self.get(key)
        if html is None:
            html = Markup(render())
            self.put(key, html)
        return html

    def __len__(self) -> int:
        return len(self._entries)


def init_app(app: Flask) -> None:
    """Give `app` its own cache (so apps, as in tests, never share entries)."""
    app.extensions["page_cache"] = PageCache(app.config["PAGE_CACHE_MB"] * 1024 * 1024)


def pages() -> PageCache:
    """The current app's cache."""
    return current_app.extensions["page_cache"]


def changed(session: Session, show_id: int) -> None:
    """Note that this transaction changes what `show_id`'s page shows."""
    session.info.setdefault(PENDING, set()).add(show_id)


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session: Session, _context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Show) and obj.id is not None:
            changed(session, obj.id)
        elif isinstance(obj, SHOW_PARTS) and obj.show_id is not None:
            changed(session, obj.show_id)


@event.listens_for(Session, "before_commit")
def _bump_versions(session: Session) -> None:
    session.flush()  # the commit would flush anyway; this way its changes count too
    for show_id in sorted(session.info.pop(PENDING, ())):
        session.execute(
            update(Show)
            .where(Show.id == show_id)
            .values(page_version=Show.page_version + 1)
            .execution_options(synchronize_session=False)
        )


@event.listens_for(Session, "after_soft_rollback")
def _forget_changes(session: Session, previous) -> None:
    if not previous.nested:  # after a savepoint's rollback, bumping anyway is harmless
        session.info.pop(PENDING, None)
