"""The catalogue: search and list shows, the show page and setting progress on it."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from app import pagecache
from app.database import commit_keeping_loaded
from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.lists import queries as lists_queries
from app.models import STATUS_LABELS, Show
from app.progress import service as progress_service
from app.progress.forms import ProgressForm, ShowNumbersForm
from app.progress.rules import PROGRESS_LIMIT, Progress
from app.ratings import queries as rating_queries
from app.reviews.queries import ReviewListArgs, list_args_from, reviews_section
from app.scores import service as scores
from app.shows import queries as show_queries
from app.shows.queries import SORT_LABELS, ShowFilters, get_show_or_404
from app.urls import page_number, whole_number

bp = Blueprint("shows", __name__)
PER_PAGE = 24


def filters_from_request() -> ShowFilters:
    """Read /shows' query arguments; junk is ignored, never an error."""
    args = request.args
    status = args.get("status", "")
    sort = args.get("sort", "title")
    return ShowFilters(
        q=args.get("q", "")[:200],
        genre=args.get("genre", "")[:50],
        year=args.get("year", type=whole_number),
        network=args.get("network", "")[:100],
        status=status if status in STATUS_LABELS else "",
        sort=sort if sort in SORT_LABELS else "title",
    )


@bp.get("/shows")
def index():
    """Search and filter the catalogue; htmx live search gets just the results."""
    filters = filters_from_request()
    status_ids = progress_service.status_show_ids(filters.status) if filters.status else None
    page = db.paginate(
        show_queries.filtered_shows(filters, status_ids=status_ids),
        page=request.args.get("page", 1, type=page_number),
        per_page=PER_PAGE,
        error_out=False,
    )
    context = {
        "shows": page.items,
        "page": page,
        "filters": filters,
        "card_scores": scores.summaries_for(page.items),
        "card_progress": progress_service.progress_map(show.id for show in page.items),
    }
    if wants_fragment():
        return fragment("shows/_results.html", **context)
    return render_template(
        "shows/index.html",
        facets=show_queries.facet_values(),
        sorts=SORT_LABELS,
        statuses=STATUS_LABELS,
        **context,
    )


@bp.get("/shows/<slug>")
def show(slug: str):
    """A show's facts, episodes, the reader's progress and reviews; htmx gets the reviews
    (in another sort or page). Both come from the page cache when they can: the show and
    the site mean C of its key arrive in one query."""
    found = show_queries.show_and_site_mean(slug)
    if found is None:
        abort(404)
    show, site_mean = found
    page = ShowPage(show, progress_service.progress_for(show), list_args_from(request.args),
                    pagecache.reader_of(show), site_mean)  # fmt: skip
    if wants_fragment():
        return page.cached(
            "reviews", lambda: render_template("reviews/_list.html", **page.reviews())
        )
    tag = pagecache.revalidation_tag(page.key("page"))
    if tag is not None and tag in request.if_none_match:
        return pagecache.not_modified(tag)  # an anonymous reader's copy is current
    main = page.cached("page", lambda: page.main(ProgressForm.filled(show, page.progress)))
    return pagecache.tagged(make_response(render_template("shows/show.html", show=show,
                                                          main=main)), tag)  # fmt: skip


@bp.post("/shows/<slug>/progress")
@limiter.limit(PROGRESS_LIMIT, key_func=member_or_address)
def update_progress(slug: str):
    """Set progress; htmx gets the widget and everything that depends on it, out of band.
    The show comes with the site mean C; the commit keeps what was loaded and written for
    the reply (docs/decisions.md, "The progress POST")."""
    found = show_queries.show_and_site_mean(slug)
    if found is None:
        abort(404)
    show, site_mean = found
    form = ProgressForm(episode_count=show.episode_count, may_score=current_user.is_authenticated)
    if not form.validate_on_submit():
        if wants_fragment():
            return fragment("progress/_widget.html", status=422, show=show, form=form,
                            progress=progress_service.progress_for(show))  # fmt: skip
        return _show_page_with(show, form)
    version = show.page_version
    progress = progress_service.record_progress(show, episodes=form.episodes_watched.data,
                                                status=form.status.data,
                                                score=form.score_value())  # fmt: skip
    commit_keeping_loaded()
    if show.page_version != version:  # the statistics may have moved, and C with them
        site_mean = scores.site_mean()
    return _progress_saved(show, progress, site_mean)


def _progress_saved(show: Show, progress: Progress, site_mean: float | None):
    """The "+1" on a member's list answers with that list's row (or goes back to the
    list), the one on the home page with its "Continue watching" card (or goes home);
    elsewhere htmx gets the widget with everything that depends on progress, out
    of band, and a plain form the show page again."""
    view = request.args.get("view")
    if view == "list":
        if not current_user.is_authenticated:
            return redirect(url_for("shows.show", slug=show.slug), 303)
        if wants_fragment():
            return fragment("users/_list_entry.html", show=show, progress=progress, is_owner=True)
        return redirect(url_for("users.watch_list", username=current_user.username), 303)
    if view == "home":
        if wants_fragment():
            return fragment("pages/_continue_card.html", show=show, progress=progress)
        return redirect(url_for("pages.home"), 303)
    if wants_fragment():
        return _progress_update(show, progress, site_mean)
    return redirect(url_for("shows.show", slug=show.slug), 303)


def _show_page_with(show: Show, form: ProgressForm | None = None, **forms):
    """The show page with a rejected progress form (or another rejected form of the
    widget's, as `numbers_form=`) and its errors (never cached)."""
    progress = progress_service.progress_for(show)
    page = ShowPage(show, progress, list_args_from(request.args), pagecache.reader_of(show),
                    scores.site_mean())  # fmt: skip
    form = form or ProgressForm.filled(show, progress)
    return render_template("shows/show.html", show=show, main=page.main(form, **forms))


@bp.post("/shows/<slug>/numbers")
@login_required
@limiter.limit(PROGRESS_LIMIT, key_func=member_or_address)
def update_numbers(slug: str):
    """Set my own "numbers that spoil" setting for this show; htmx gets the progress
    widget (which holds the setting) with the score and charts it hides or shows, out of
    band, like a progress change; a plain form the show page again."""
    show = get_show_or_404(slug)
    form = ShowNumbersForm(episode_count=show.episode_count)
    if not form.validate_on_submit():
        if wants_fragment():
            progress = progress_service.progress_for(show)
            widget_form = ProgressForm.filled(show, progress)
            return fragment("progress/_widget.html", status=422, show=show, form=widget_form,
                            numbers_form=form, progress=progress)  # fmt: skip
        return _show_page_with(show, numbers_form=form)
    progress_service.set_numbers_override(current_user, show, form.override())
    db.session.commit()
    if wants_fragment():
        return _progress_update(show, progress_service.progress_for(show), scores.site_mean())
    return redirect(url_for("shows.show", slug=show.slug), 303)


def _progress_update(show: Show, progress: Progress, site_mean: float | None):
    """The progress widget plus, out of band, every part of the page that depends on it:
    the score, the episode list and the reviews (kept in the sort and filter the form
    sent along). Cached like the page."""
    page = ShowPage(show, progress, list_args_from(request.form), pagecache.reader_of(show),
                    site_mean)  # fmt: skip

    def render() -> str:
        form = ProgressForm.filled(show, progress)
        return render_template("shows/_progress_update.html", form=form, **page.context())

    return page.cached("progress-update", render)


@dataclass(frozen=True)
class ShowPage:
    """One reader's view of a show page: what its cached parts are keyed by and built
    from (app/pagecache.py)."""

    show: Show
    progress: Progress
    list_args: ReviewListArgs
    reader: pagecache.Reader
    site_mean: float | None

    def key(self, part: str) -> tuple:
        """The page cache's key of `part` for this reader and request."""
        return pagecache.show_page_key(part, self.show, site_mean=self.site_mean,
                                       list_args=self.list_args, progress=self.progress,
                                       reader=self.reader)  # fmt: skip

    def cached(self, part: str, render: Callable[[], str]) -> Markup:
        """`part` from the page cache, rendered by `render` on a miss."""
        return pagecache.pages().get_or_render(self.key(part), render)

    def reviews(self) -> dict:
        """The review list's context for this reader."""
        return reviews_section(self.show, self.list_args, progress=self.progress.episodes_watched,
                               voted=self.reader.helpful_votes, kept=self.reader.kept)  # fmt: skip

    def context(self) -> dict:
        """The reviews, the reader's progress, the show's score and its episode-ratings
        chart (as far as the reader has watched)."""
        score = scores.summary_for(self.show, site_mean_c=self.site_mean)
        chart = rating_queries.episode_chart(self.show, self.progress)
        return {"progress": self.progress, "score": score, "episode_chart": chart,
                **self.reviews()}  # fmt: skip

    def main(self, form: ProgressForm, **forms) -> Markup:
        """The show page below the site header, with `form` as the progress widget (and
        any other rejected form of the widget's in `forms`)."""
        # "In 12 lists": one query, and only when the page is built (the count is the
        # show's data: ListItem is in pagecache.SHOW_TABLES).
        lists = lists_queries.list_count(self.show)
        return Markup(render_template("shows/_main.html", form=form, list_count=lists, **forms,
                                      **self.context()))  # fmt: skip
