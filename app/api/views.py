"""The public JSON API: shows and their facts (no episode titles: it has no reader)."""

from flask import Blueprint, request
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Show
from app.shows import service as show_service
from app.shows.service import ShowFilters
from app.shows.views import get_show_or_404

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PER_PAGE = 50


def show_json(show: Show) -> dict:
    """A show as the API publishes it."""
    return {
        "slug": show.slug,
        "title": show.title,
        "native_title": show.native_title,
        "alt_titles": [alt.title for alt in show.alt_titles],
        "year": show.year,
        "network": show.network,
        "episodes": show.episode_count,
        "genres": show.genre_names,
    }


@bp.get("/shows")
def shows():
    """A page of shows, optionally searched with `?q=`."""
    filters = ShowFilters(q=request.args.get("q", "")[:200])
    query = show_service.filtered_shows(filters).options(
        selectinload(Show.alt_titles), selectinload(Show.genres)
    )
    page = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False
    )
    return {"shows": [show_json(s) for s in page.items], "page": page.page, "pages": page.pages}


@bp.get("/shows/<slug>")
def show(slug: str):
    """One show."""
    return show_json(get_show_or_404(slug))
