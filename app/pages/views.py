"""Home page, the about pages, the theme switch and health checks."""

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db, limiter
from app.feed import queries as feed_queries
from app.htmx import wants_fragment
from app.pages.forms import THEME_MESSAGE, ThemeForm
from app.progress import service as progress_service
from app.reviews.queries import recent_reviews
from app.scores import service as scores
from app.security import safe_next_path
from app.shows import queries as show_queries
from app.theme import remember

bp = Blueprint("pages", __name__)


SHELF = 6  # shows per row of cards on the home page
RECENT_REVIEWS = 8


@bp.get("/")
def home():
    """For members, the shows they are part-way through first and the start of their
    feed (/feed); then the best-rated and the recently reviewed shows, and the newest
    reviews. One query per kind of thing."""
    watching, feed = [], {}
    if current_user.is_authenticated:
        watching = progress_service.continue_watching(current_user)
        feed = {
            "page": feed_queries.feed_page(current_user, per_page=feed_queries.HOME_ITEMS),
            "unlocked": feed_queries.unlocked_for(current_user),
        }
    top = scores.top_shows(SHELF)
    recent_shows = show_queries.recently_reviewed(SHELF)
    shows = top + recent_shows
    return render_template(
        "pages/home.html",
        watching=watching,
        top=top,
        recent_shows=recent_shows,
        reviews=recent_reviews(RECENT_REVIEWS),
        card_scores=scores.summaries_for(shows),
        card_progress=progress_service.progress_map({show.id for show in shows}),
        **feed,
    )


@bp.get("/about/scores")
def about_scores():
    """The score formula, its live parameters and the eligibility rule."""
    return render_template(
        "pages/about_scores.html",
        site_mean=scores.site_mean(),
        prior_votes=current_app.config["SCORE_PRIOR_VOTES"],
        min_votes=current_app.config["SCORE_MIN_VOTES"],
    )


@bp.get("/about")
def about():
    """What the site is, how spoiler gating works, and its feeds and API."""
    return render_template("pages/about.html")


@bp.post("/theme")
def theme():
    """Remember the reader's colour scheme (light, dark or the system's) in a cookie.

    A plain form goes back to its page (303); htmx, whose page has already switched
    (static/app.js), gets 204. A theme outside the three is a 400 that says why.
    """
    form = ThemeForm()
    if not form.validate_on_submit():
        abort(400, description=THEME_MESSAGE)
    if wants_fragment():
        response = make_response("", 204)
    else:
        back = safe_next_path(request.form.get("next")) or url_for("pages.home")
        response = redirect(back, 303)
    remember(response, form.theme.data)
    return response


@bp.get("/healthz")
@limiter.exempt
def health():
    """Liveness plus a database round trip: 200 when it answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "error", "database": "unavailable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.get("/healthz/live")
@limiter.exempt
def live():
    """Answers without touching the database: the benchmarks' trivial route."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
