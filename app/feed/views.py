"""A member's feed: what people they follow and shows they watch produced, gated by
their progress, with what their last progress change unlocked (issue 18)."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from app.feed import queries
from app.htmx import fragment, wants_fragment
from app.urls import whole_number

bp = Blueprint("feed", __name__)


@bp.get("/feed")
@login_required
def index():
    """The feed, newest first, a page at a time by cursor (`?before=<id>`): htmx's
    "Load more" gets the next page alone, a plain browser the whole page."""
    before = request.args.get("before", type=whole_number)
    page = queries.feed_page(current_user, before=before)
    if wants_fragment() and before is not None:
        return fragment("feed/_page.html", page=page, before=before)
    unlocked = queries.unlocked_for(current_user) if before is None else None
    return render_template("feed/index.html", page=page, before=before, unlocked=unlocked)
