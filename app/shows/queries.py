"""Reading the catalogue: the show loaders other domains use, and /shows' search."""

from dataclasses import dataclass, fields

from sqlalchemy import Select, bindparam, case, false, func, select

from app.extensions import db
from app.models import Review, SearchTerm, Show, ShowGenre, ShowStats
from app.scores import service as scores
from app.search import (
    LIKE_ESCAPE,
    SEPARATOR,
    escape_like,
    prefix_upper_bound,
    query_words,
    title_key,
)

SORTS = {
    "title": (Show.title, Show.id),
    "year": (Show.year.desc(), Show.title),
    "year_asc": (Show.year, Show.title),
}
SORT_LABELS = {
    "title": "Title",
    "score": "Score (weighted)",
    "reviews": "Most reviewed",
    "year": "Newest first",
    "year_asc": "Oldest first",
}


# Built once, as the show page runs it on every view.
SHOW_AND_SITE_MEAN = select(Show, scores.site_mean_column()).where(Show.slug == bindparam("slug"))


def get_show_or_404(slug: str) -> Show:
    """The show with this slug, or a 404. Episodes, titles and genres load when used:
    a cached show page needs none of them."""
    return db.first_or_404(select(Show).where(Show.slug == slug))


def show_and_site_mean(slug: str) -> tuple[Show, float | None] | None:
    """The show with this slug and the site mean C of the weighted score, in one query."""
    row = db.session.execute(SHOW_AND_SITE_MEAN, {"slug": slug}).first()
    return None if row is None else (row[0], row[1])


@dataclass(frozen=True)
class ShowFilters:
    """What the reader asked /shows for; every field already checked."""

    q: str = ""
    genre: str = ""
    year: int | None = None
    network: str = ""
    status: str = ""
    sort: str = "title"

    @property
    def is_narrowed(self) -> bool:
        """True when a filter besides the words of `q` leaves shows out."""
        return bool(self.genre or self.year is not None or self.network or self.status)

    def query(self) -> dict[str, str | int]:
        """The query arguments that ask for these filters (defaults left out), for the
        pager's links."""
        values = {field.name: (getattr(self, field.name), field.default) for field in fields(self)}
        return {name: value for name, (value, default) in values.items() if value != default}


def filtered_shows(filters: ShowFilters, *, status_ids=None) -> Select:
    """The query for /shows: every word of `q` must occur in the show's titles, spaces
    and punctuation ignored (app/search.py); exact title matches come first, then titles
    that start with `q`, then the rest, each group in the order asked for.

    `status_ids` (a subquery or a list) holds the shows the reader gave `filters.status`.
    """
    query = select(Show)
    words = query_words(filters.q)
    if filters.q.strip() and not words:
        return query.where(false())  # only punctuation: it matches nothing, not everything
    for word in words:
        matching = select(SearchTerm.show_id).where(
            SearchTerm.term >= word, SearchTerm.term < prefix_upper_bound(word)
        )
        query = query.where(Show.id.in_(matching))
    if words:
        query = query.order_by(relevance(title_key(filters.q)))
    if filters.genre:
        query = query.where(
            Show.id.in_(select(ShowGenre.show_id).where(ShowGenre.name == filters.genre))
        )
    if filters.year is not None:
        query = query.where(Show.year == filters.year)
    if filters.network:
        query = query.where(Show.network == filters.network)
    if filters.status and status_ids is not None:
        query = query.where(Show.id.in_(status_ids))
    return _sorted(query, filters.sort)


def relevance(key: str):
    """0 where a title's key is `key`, 1 where one starts with it, 2 otherwise: the show's
    search key holds each title's key between separators."""
    key = escape_like(key)
    exact = Show.search_key.like(f"%{SEPARATOR}{key}{SEPARATOR}%", escape=LIKE_ESCAPE)
    prefix = Show.search_key.like(f"%{SEPARATOR}{key}%", escape=LIKE_ESCAPE)
    return case((exact, 0), (prefix, 1), else_=2)


def _sorted(query: Select, sort: str) -> Select:
    if sort == "score":
        query = query.outerjoin(ShowStats, ShowStats.show_id == Show.id)
        return query.order_by(*scores.weighted_order(), Show.title)
    if sort == "reviews":
        counts = select(Review.show_id, func.count().label("n")).group_by(Review.show_id).subquery()
        query = query.outerjoin(counts, counts.c.show_id == Show.id)
        return query.order_by(func.coalesce(counts.c.n, 0).desc(), Show.title)
    return query.order_by(*SORTS.get(sort, SORTS["title"]))


def recently_reviewed(limit: int = 6) -> list[Show]:
    """The shows with the newest reviews, newest first (held reviews do not count: most
    readers cannot see them)."""
    latest = (
        select(Review.show_id, func.max(Review.created_at).label("at"))
        .where(Review.held_at.is_(None))
        .group_by(Review.show_id)
        .subquery()
    )
    query = (
        select(Show)
        .join(latest, latest.c.show_id == Show.id)
        .order_by(latest.c.at.desc(), Show.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def facet_values() -> dict[str, list]:
    """The genres, networks and years the catalogue holds, for the filter menus."""
    return {
        "genres": db.session.scalars(select(ShowGenre.name).distinct().order_by("name")).all(),
        "networks": db.session.scalars(
            select(Show.network).where(Show.network.is_not(None)).distinct().order_by("network")
        ).all(),
        "years": db.session.scalars(
            select(Show.year).where(Show.year.is_not(None)).distinct().order_by(Show.year.desc())
        ).all(),
    }
