"""The public JSON API: shows and their facts, and their episodes (titles and ratings
only as far as the signed-in member has watched: nothing gated goes out without progress)."""

from flask import Blueprint, request
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Episode, Show
from app.progress import service as progress_service
from app.progress.rules import Progress
from app.ratings.queries import EpisodeRatingSummary, episode_summaries
from app.scores import service as scores
from app.scoring import ScoreSummary
from app.shows.queries import ShowFilters, filtered_shows, get_show_or_404
from app.urls import page_number

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PER_PAGE = 50


def show_json(show: Show, score: ScoreSummary, *, full: bool = True) -> dict:
    """A show as the API publishes it; the list gives the score's headline numbers."""
    return {
        "slug": show.slug,
        "title": show.title,
        "native_title": show.native_title,
        "alt_titles": [alt.title for alt in show.alt_titles],
        "year": show.year,
        "network": show.network,
        "episodes": show.episode_count,
        "runtime_minutes": show.runtime_minutes,
        "genres": show.genre_names,
        "score": score_json(score)
        if full
        else {"count": score.count, "mean": _round(score.mean), "weighted": _round(score.weighted)},
    }


def score_json(score: ScoreSummary) -> dict:
    """The score block of DESIGN.md: means are null below the minimum of counted scores."""
    return {
        "count": score.count,
        "mean": _round(score.mean),
        "completed_count": score.completed_count,
        "completed_mean": _round(score.completed_mean),
        "weighted": _round(score.weighted),
        "histogram": score.histogram,
        "subratings": {name: _round(value) for name, value in score.subratings.items()},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@bp.get("/shows")
def shows():
    """A page of shows, optionally searched with `?q=`."""
    filters = ShowFilters(q=request.args.get("q", "")[:200])
    query = filtered_shows(filters).options(
        selectinload(Show.alt_titles), selectinload(Show.genres)
    )
    page = db.paginate(
        query,
        page=request.args.get("page", 1, type=page_number),
        per_page=PER_PAGE,
        error_out=False,
    )
    summaries = scores.summaries_for(page.items)
    return {
        "shows": [show_json(s, summaries[s.id], full=False) for s in page.items],
        "page": page.page,
        "pages": page.pages,
    }


@bp.get("/shows/<slug>")
def show(slug: str):
    """One show."""
    show = get_show_or_404(slug)
    return show_json(show, scores.summary_for(show))


@bp.get("/shows/<slug>/episodes")
def episodes(slug: str):
    """Every episode of a show by number, with its title and rating only up to the
    signed-in member's progress (their session cookie). Anonymous callers get the
    numbers alone: the API takes no anonymous session progress (docs/decisions.md)."""
    show = get_show_or_404(slug)
    progress = progress_service.progress_for(show) if current_user.is_authenticated else Progress()
    rated = episode_summaries(show) if progress.episodes_watched else {}
    rows = show.episodes_by_number
    return {
        "show": show.slug,
        "episodes": [
            episode_json(number, rows.get(number), rated.get(number), progress)
            for number in range(1, show.episode_count + 1)
        ],
    }


def episode_json(
    number: int, row: Episode | None, rating: EpisodeRatingSummary | None, progress: Progress
) -> dict:
    """One episode as the API publishes it: `title` and `rating` are null beyond the
    reader's progress; `rating` is also null while their "numbers that spoil" setting
    hides the show's numbers, and `title` where the episode has none."""
    if not progress.has_seen(number):
        return {"number": number, "title": None, "rating": None}
    rating = rating or EpisodeRatingSummary(number)
    numbers = {"count": rating.count, "mean": _round(rating.mean)}
    return {
        "number": number,
        "title": (row.title if row else "") or None,
        "rating": None if progress.numbers_hidden else numbers,
    }
