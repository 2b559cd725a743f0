"""The catalogue: search and list shows, and the show page."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from app import pagecache
from app.extensions import db
from app.htmx import fragment, wants_fragment
from app.models import STATUS_LABELS, Show
from app.progress import service as progress_service
from app.progress.forms import NO_SCORE, ProgressForm
from app.progress.rules import Progress
from app.reviews import gating
from app.reviews.queries import ReviewListArgs, list_args_from, reader_marks
from app.scores import service as scores
from app.shows import service as show_service
from app.shows.service import SORT_LABELS, ShowFilters

bp = Blueprint("shows", __name__)
PER_PAGE = 24
# Built once, as the show page runs it on every view.
SHOW_AND_SITE_MEAN = select(Show, scores.site_mean_column()).where(Show.slug == bindparam("slug"))


def get_show_or_404(slug: str) -> Show:
    """The show with this slug, or a 404. Episodes, titles and genres load when used:
    a cached show page needs none of them."""
    return db.first_or_404(select(Show).where(Show.slug == slug))


def filters_from_request() -> ShowFilters:
    """Read /shows' query arguments; junk is ignored, never an error."""
    args = request.args
    status = args.get("status", "")
    sort = args.get("sort", "title")
    return ShowFilters(
        q=args.get("q", "")[:200],
        genre=args.get("genre", "")[:50],
        year=args.get("year", type=int),
        network=args.get("network", "")[:100],
        status=status if status in STATUS_LABELS else "",
        sort=sort if sort in SORT_LABELS else "title",
    )


@bp.get("/shows")
def index():
    """Search and filter the catalogue; htmx live search gets just the results."""
    filters = filters_from_request()
    status_ids = progress_service.status_show_ids(filters.status) if filters.status else None
    query = show_service.filtered_shows(filters, status_ids=status_ids).options(
        selectinload(Show.genres)
    )
    page = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False
    )
    context = {"shows": page.items, "page": page, "filters": filters}
    if wants_fragment():
        return fragment("shows/_results.html", **context)
    return render_template(
        "shows/index.html",
        facets=show_service.facet_values(),
        sorts=SORT_LABELS,
        statuses=STATUS_LABELS,
        **context,
    )


@bp.get("/shows/<slug>")
def show(slug: str):
    """A show's facts, episodes, the reader's progress and reviews; htmx gets the reviews
    (in another sort or page). Both come from the page cache when they can: the show and
    the site mean C of its key arrive in one query."""
    row = db.session.execute(SHOW_AND_SITE_MEAN, {"slug": slug}).first()
    if row is None:
        abort(404)
    show, site_mean = row
    progress = progress_service.progress_for(show)
    args = list_args_from(request.args)
    if wants_fragment():
        return pagecache.pages().get_or_render(
            page_key(show, progress, args, part="reviews", site_mean=site_mean),
            lambda: render_template(
                "reviews/_list.html",
                **gating.reviews_section(show, args, progress=progress.episodes_watched),
            ),
        )
    main = pagecache.pages().get_or_render(
        page_key(show, progress, args, part="page", site_mean=site_mean),
        lambda: show_main(show, progress, progress_form(show, progress), args),
    )
    return render_template("shows/show.html", show=show, main=main)


def render_show_page(show: Show, *, form: ProgressForm):
    """The show page with a rejected progress form and its errors (never cached)."""
    progress = progress_service.progress_for(show)
    main = show_main(show, progress, form, list_args_from(request.args))
    return render_template("shows/show.html", show=show, main=main)


def show_main(show: Show, progress: Progress, form: ProgressForm, args: ReviewListArgs) -> Markup:
    """The show page below the site header, for this reader."""
    section = gating.reviews_section(show, args, progress=progress.episodes_watched)
    return Markup(
        render_template(
            "shows/_main.html",
            progress=progress,
            form=form,
            score=scores.summary_for(show),
            **section,
        )
    )


def page_key(
    show: Show, progress: Progress, args: ReviewListArgs, *, part: str, site_mean: float | None
) -> tuple:
    """Everything a part of the show page depends on (see app/pagecache.py)."""
    reader: tuple = ("anonymous",)
    if current_user.is_authenticated:
        reader = (current_user.is_moderator, current_user.is_banned, *reader_marks(show))
    return (
        part,
        show.id,
        show.created_at,
        show.page_version,
        site_mean,
        args,
        tuple(sorted(request.args.items(multi=True))),  # the pager keeps them in its links
        progress,
        reader,
    )


def progress_form(show: Show, progress: Progress) -> ProgressForm:
    """The widget's form filled with the reader's current progress."""
    return ProgressForm(
        formdata=None,
        episode_count=show.episode_count,
        episodes_watched=progress.episodes_watched,
        status=progress.status or "watching",
        score=NO_SCORE if progress.score is None else f"{progress.score:.1f}",
    )


def show_fragments(show: Show, progress: Progress):
    """The progress widget plus, out of band, every part of the page that depends on it:
    the score, the episode list and the reviews (kept in the sort and filter the form
    sent along). Cached like the page."""
    args = list_args_from(request.form)

    def render() -> str:
        section = gating.reviews_section(show, args, progress=progress.episodes_watched)
        return render_template(
            "shows/_progress_update.html",
            form=progress_form(show, progress),
            progress=progress,
            score=scores.summary_for(show),
            **section,
        )

    key = page_key(show, progress, args, part="progress-update", site_mean=scores.site_mean())
    return pagecache.pages().get_or_render(key, render)
