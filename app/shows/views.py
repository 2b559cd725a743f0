"""The catalogue: list and show pages."""

from flask import Blueprint, render_template
from sqlalchemy import select

from app.extensions import db
from app.models import Show

bp = Blueprint("shows", __name__)


def get_show_or_404(slug: str) -> Show:
    """The show with this slug, or a 404."""
    return db.first_or_404(select(Show).where(Show.slug == slug))


@bp.get("/shows")
def index():
    """Every show in the catalogue, by title."""
    shows = db.session.scalars(select(Show).order_by(Show.title)).all()
    return render_template("shows/index.html", shows=shows)


@bp.get("/shows/<slug>")
def show(slug: str):
    """A show's facts."""
    return render_template("shows/show.html", show=get_show_or_404(slug))
