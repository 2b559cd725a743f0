"""Setting how far the reader has watched a show."""

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

from app.extensions import db
from app.htmx import fragment, wants_fragment
from app.progress import service as progress_service
from app.progress.forms import ProgressForm
from app.progress.rules import reconcile
from app.progress.service import KEEP
from app.scores import service as scores
from app.shows.views import get_show_or_404, render_show_page, show_fragments

bp = Blueprint("progress", __name__)


@bp.post("/shows/<slug>/progress")
def update(slug: str):
    """Set progress; htmx gets the widget and everything that depends on it, out of band."""
    show = get_show_or_404(slug)
    form = ProgressForm(episode_count=show.episode_count)
    previous = progress_service.progress_for(show)
    if not form.validate_on_submit():
        if wants_fragment():
            return fragment(
                "progress/_widget.html", status=422, show=show, form=form, progress=previous
            )
        return render_show_page(show, form=form)
    score = form.score_value()
    if score is not KEEP and not current_user.is_authenticated:
        form.score.errors.append("Sign in to score this show.")
        return _rejected(show, form, previous)
    progress = reconcile(
        episodes=form.episodes_watched.data,
        status=form.status.data,
        episode_count=show.episode_count,
        previous_status=previous.status,
    )
    progress_service.save_progress(show, progress, score=score)
    db.session.commit()
    progress = progress_service.progress_for(show)
    if request.args.get("view") == "list":
        return _list_response(show, progress)
    if wants_fragment():
        return show_fragments(show, progress)
    return redirect(url_for("shows.show", slug=show.slug), 303)


def _rejected(show, form, previous):
    """422 and the widget with its errors for htmx; the whole page otherwise."""
    if wants_fragment():
        return fragment(
            "progress/_widget.html",
            status=422,
            show=show,
            form=form,
            progress=previous,
            score=scores.summary_for(show),
        )
    return render_show_page(show, form=form)


def _list_response(show, progress):
    """The "+1" on a member's list answers with that list's row, or goes back to the list."""
    if not current_user.is_authenticated:
        return redirect(url_for("shows.show", slug=show.slug), 303)
    if wants_fragment():
        return fragment("users/_list_entry.html", show=show, progress=progress, is_owner=True)
    return redirect(url_for("users.watch_list", username=current_user.username), 303)
