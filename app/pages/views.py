"""Home page and health checks."""

from flask import Blueprint, current_app, render_template
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db, limiter
from app.models import Show
from app.reviews.queries import recent_reviews
from app.scores import service as scores

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    """Recent reviews and the catalogue's shows."""
    shows = db.session.scalars(select(Show).order_by(Show.title).limit(24)).all()
    top = scores.top_shows(10)
    return render_template(
        "pages/home.html",
        shows=shows,
        reviews=recent_reviews(10),
        top=top,
        top_scores=scores.summaries_for(top),
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
