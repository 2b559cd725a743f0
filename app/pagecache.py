"""Rendered show pages, kept in each process: the whole contract of that cache.

The show page below the site header costs far more to build (the show, its score, the
reader's widget and episode list, twenty gated review cards) than to look up. Two rules
keep a cached part right for every reader, and both live in this module:

1. **The key holds everything a part shows** (`show_page_key`, field by field): the
   show's own data through `show.page_version`, the site mean C, the reader's progress,
   role and marks (`Reader`), and how they asked for the list. Anything new that a cached template
   shows must enter the key here, or be data of the show that bumps `page_version`.
2. **Every write to the show's data bumps `show.page_version`** in the write's own
   transaction. ORM changes to a show and to the rows in SHOW_TABLES are noticed by the
   session listeners `init_app` registers; a Core INSERT, UPDATE or DELETE on those tables
   must call `changed(session, show_id)` (tests fail any transaction that forgets: see
   tests/fixtures/app.py). The bump is the transaction's last statement, so the show
   row's lock is always taken last and never held while waiting.

CSRF tokens differ per session: an entry holds a placeholder in their place. Entries are
kept as UTF-8 (a page of twenty cards is about 50 KB) within PAGE_CACHE_MB per process.

The same key lets an anonymous reader's browser revalidate a page (`revalidation_tag`):
its ETag is a digest of the key and of what the site header adds for that browser, so a
304 answers without rendering anything.
"""

import hashlib
import os
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from cachetools import LRUCache
from flask import Flask, Response, current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import bindparam, event, literal, select, union_all, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app import reveals
from app.extensions import db
from app.models import (
    AltTitle,
    Episode,
    EpisodeStats,
    HelpfulVote,
    ListItem,
    Review,
    ReviewReveal,
    Show,
    ShowGenre,
    ShowStats,
)
from app.progress.rules import Progress

CSRF_PLACEHOLDER = "\x00csrf\x00"  # cannot occur in rendered HTML
PENDING = "pagecache.changed_shows"  # the session.info key of this transaction's shows
BUMP = "pagecache_bump"  # execution option marking the version bump itself
# Tables whose rows a show page shows (with a show_id column); Show itself besides.
# ListItem: the page counts the public lists holding the show ("In 12 lists"); a change
# to a whole list (public or private, hidden, deleted) calls `changed` for its shows.
SHOW_TABLES = (AltTitle, Episode, EpisodeStats, ListItem, Review, ShowGenre, ShowStats)


class PageCache:
    """A thread-safe least-recently-used map of rendered HTML, `max_bytes` in all (UTF-8)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes  # 0: nothing is kept
        self._entries: LRUCache[Hashable, bytes] = LRUCache(max(max_bytes, 1), getsizeof=len)
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._entries.currsize

    def get(self, key: Hashable) -> Markup | None:
        """The entry for `key` with this request's CSRF token, or None."""
        with self._lock:
            data = self._entries.get(key)
        if data is None:
            return None
        return Markup(data.decode().replace(CSRF_PLACEHOLDER, generate_csrf()))

    def put(self, key: Hashable, html: str) -> None:
        """Keep `html`, rendered for this request, under `key` (unless it alone is over
        the budget)."""
        data = str(html).replace(generate_csrf(), CSRF_PLACEHOLDER).encode()
        if len(data) > self.max_bytes:
            return
        with self._lock:
            self._entries[key] = data

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
    """Give `app` its own cache (so apps, as in tests, never share entries) and make sure
    the session listeners that bump `page_version` are registered (once per process:
    they act on every session of the shared `db`)."""
    app.extensions["page_cache"] = PageCache(app.config["PAGE_CACHE_MB"] * 1024 * 1024)
    app.extensions["release"] = release_of(app)
    for name, listener in LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def release_of(app: Flask) -> str:
    """A digest of the code, templates and static files this process serves (their names,
    sizes and modification times): a deploy changes it, so no ETag outlives the code that
    rendered its page. Every worker of one deploy computes the same (bytecode caches, which
    each worker may write while it imports, are left out)."""
    files = []
    for folder in (app.root_path, app.template_folder, app.static_folder):
        top = os.path.join(app.root_path, folder or "")
        for root, dirs, names in os.walk(top):
            dirs[:] = [d for d in dirs if d != "__pycache__"]  # written as workers import
            for name in names:
                stat = os.stat(os.path.join(root, name))
                files.append((os.path.relpath(os.path.join(root, name), top), stat.st_size,
                              stat.st_mtime_ns))  # fmt: skip
    return hashlib.sha256(repr(sorted(files)).encode()).hexdigest()[:16]


def revalidation_tag(key: Hashable) -> str | None:
    """The ETag of an anonymous reader's page whose main part `key` describes, or None
    when the page may differ for the same key: for members (the header's notifications,
    their name), before the browser has a CSRF token of its own (the page would carry a
    new one), and while a message waits to be shown. Besides the key, the digest holds
    what the header and the page's frame show: the path with its query (the sign-in
    link's `next`), the theme cookie, the session's CSRF secret and the release."""
    if current_user.is_authenticated or "csrf_token" not in session or "_flashes" in session:
        return None
    frame = (request.full_path, request.cookies.get("theme"), session["csrf_token"])
    content = repr((current_app.extensions["release"], key, frame)).encode()
    return hashlib.sha256(content).hexdigest()[:32]


def not_modified(tag: str) -> Response:
    """The 304 for a browser whose copy carries `tag`."""
    response = Response(status=304)
    return tagged(response, tag)


def tagged(response: Response, tag: str | None) -> Response:
    """`response` with its ETag, which the browser must check before reusing it."""
    if tag is not None:
        response.set_etag(tag)
        response.headers["Cache-Control"] = "private, no-cache"
    return response


def pages() -> PageCache:
    """The current app's cache."""
    return current_app.extensions["page_cache"]


# Built once (it runs on every signed-in show page): the reader's own reviews of a show,
# those they marked helpful and the episodes they keep revealed, through the author,
# voter and reveal keys.
OWN, HELPFUL, KEPT = 0, 1, 2
READER_MARKS = union_all(
    select(Review.id, literal(OWN), literal(0)).where(
        Review.show_id == bindparam("show_id"), Review.author_id == bindparam("user_id")
    ),
    select(HelpfulVote.review_id, literal(HELPFUL), literal(0))
    .join(Review, Review.id == HelpfulVote.review_id)
    .where(HelpfulVote.user_id == bindparam("user_id"), Review.show_id == bindparam("show_id")),
    select(ReviewReveal.review_id, literal(KEPT), ReviewReveal.episode)
    .join(Review, Review.id == ReviewReveal.review_id)
    .where(ReviewReveal.user_id == bindparam("user_id"), Review.show_id == bindparam("show_id")),
)


@dataclass(frozen=True)
class Reader:
    """Who is reading, as far as a cached part differs for them: signed in or not, a
    moderator (sees every spoiler), banned (gets no forms), the ids of their own reviews
    of the show (authors see their own spoilers) and of those they marked helpful, and
    the (review id, episode) pairs they keep revealed (app/reveals.py): a page showing one
    reader's remembered reveals is never another reader's."""

    is_member: bool = False
    is_moderator: bool = False
    is_banned: bool = False
    own_reviews: frozenset[int] = frozenset()
    helpful_votes: frozenset[int] = frozenset()
    kept: frozenset[tuple[int, int]] = frozenset()


def reader_of(show: Show) -> Reader:
    """The current reader of `show`'s page (one query for a member, none otherwise)."""
    if not current_user.is_authenticated:
        return Reader(kept=reveals.session_kept_on(show.id))
    rows = db.session.execute(READER_MARKS, {"show_id": show.id, "user_id": current_user.id})
    marks = rows.all()
    return Reader(
        is_member=True,
        is_moderator=current_user.is_moderator,
        is_banned=current_user.is_banned_now,
        own_reviews=frozenset(review_id for review_id, kind, _ep in marks if kind == OWN),
        helpful_votes=frozenset(review_id for review_id, kind, _ep in marks if kind == HELPFUL),
        kept=frozenset((review_id, ep) for review_id, kind, ep in marks if kind == KEPT),
    )


def show_page_key(
    part: str,
    show: Show,
    *,
    site_mean: float | None,
    list_args: Hashable,
    progress: Progress,
    reader: Reader,
) -> tuple:
    """The key of one cached part of `show`'s page for this reader and request.

    Field by field:
    - `part`: which template ("page", "reviews", "progress-update");
    - `show.id`, `show.created_at`: the show (with the date, a deleted and re-created id
      never meets an old entry);
    - `show.page_version`: every piece of the show's own data, its reviews, their helpful
      counts and its statistics (rule 2 above);
    - `site_mean`: C of the weighted rating, which other shows' scores move;
    - `list_args`: the review list's sort, filter and page (all the pager's links
      carry: no other query argument changes a part, so junk ones share its entry);
    - `progress`: the reader's episodes, status and score, which gate every spoiler;
    - `reader`: see `Reader`.
    """
    return (
        part,
        show.id,
        show.created_at,
        show.page_version,
        site_mean,
        list_args,
        progress,
        reader,
    )


def changed(session: Session, show_id: int) -> None:
    """Note that this transaction changes what `show_id`'s page shows."""
    session.info.setdefault(PENDING, set()).add(show_id)


def _note_flushed_changes(session: Session, _context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Show) and obj.id is not None:
            changed(session, obj.id)
        elif isinstance(obj, SHOW_TABLES) and obj.show_id is not None:
            changed(session, obj.show_id)


def _bump_versions(session: Session) -> None:
    session.flush()  # the commit would flush anyway; this way its changes count too
    for show_id in sorted(session.info.pop(PENDING, ())):
        version = session.execute(
            update(Show)
            .where(Show.id == show_id)
            .values(page_version=Show.page_version + 1)
            .returning(Show.page_version)
            .execution_options(synchronize_session=False, **{BUMP: True})
        ).scalar()
        # A reply rendered after a commit that keeps what it loaded (the progress POST)
        # keys its parts by the new version.
        loaded = session.identity_map.get(identity_key(Show, show_id))
        if loaded is not None and version is not None:
            set_committed_value(loaded, "page_version", version)


def _forget_changes(session: Session, previous) -> None:
    if not previous.nested:  # after a savepoint's rollback, bumping anyway is harmless
        session.info.pop(PENDING, None)


LISTENERS = (
    ("after_flush", _note_flushed_changes),
    ("before_commit", _bump_versions),
    ("after_soft_rollback", _forget_changes),
)
