"""The moderation queue, moderator actions and the log (moderators only)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.comments import service as comment_service
from app.extensions import db
from app.markup import SpoilerSyntaxError
from app.models import ModerationAction, Report, User
from app.moderation import service as moderation
from app.moderation.forms import ActionForm, RetagForm
from app.permissions import moderator_required
from app.reviews.queries import get_review_or_404
from app.security import safe_next_path
from app.urls import page_number

bp = Blueprint("moderation", __name__, url_prefix="/mod")
LOG_PER_PAGE = 50


@bp.get("")
@moderator_required
def queue():
    """Open reports grouped by what they report, with the text (spoilers shown)."""
    groups: dict[tuple[str, int], list[Report]] = {}
    for item in moderation.open_reports():
        key = ("comment", item.comment_id) if item.comment_id else ("review", item.review_id)
        groups.setdefault(key, []).append(item)
    return render_template("moderation/queue.html", groups=groups, form=ActionForm(formdata=None),
                           retag_form=RetagForm(formdata=None))  # fmt: skip


@bp.get("/log")
@moderator_required
def action_log():
    """Every moderator action, newest first."""
    query = select(ModerationAction).order_by(ModerationAction.id.desc())
    number = request.args.get("page", 1, type=page_number)
    page = db.paginate(query, page=number, per_page=LOG_PER_PAGE, error_out=False)
    return render_template("moderation/log.html", page=page)


def _reason_or_back(form: ActionForm):
    """The submitted reason, or a redirect back to the queue with the form's error."""
    if form.validate_on_submit():
        return None
    flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return _done()


@bp.post("/comments/<int:comment_id>/<any(hide, restore, delete):action>")
@moderator_required
def comment_action(comment_id: int, action: str):
    """Hide, restore or delete a comment."""
    comment = comment_service.get_comment_or_404(comment_id)
    form = ActionForm()
    if (back := _reason_or_back(form)) is not None:
        return back
    moderation.change_comment(comment, current_user, action, reason=form.reason.data)
    db.session.commit()
    flash(f"Comment {comment.status}.", "success")
    return _done()


@bp.post("/users/<username>/<any(ban, unban):action>")
@moderator_required
def user_action(username: str, action: str):
    """Ban or unban a member."""
    user = User.by_username(username) or abort(404)
    form = ActionForm()
    if (back := _reason_or_back(form)) is not None:
        return back
    moderation.ban(user, current_user, reason=form.reason.data, banned=action == "ban")
    db.session.commit()
    flash(f"{user.username} is {'banned' if user.is_banned else 'no longer banned'}.", "success")
    return _done()


@bp.post("/reports/<int:report_id>/<any(resolve, dismiss):action>")
@moderator_required
def report_action(report_id: int, action: str):
    """Resolve or dismiss a report."""
    item = db.get_or_404(Report, report_id)
    form = ActionForm()
    if (back := _reason_or_back(form)) is not None:
        return back
    status = "resolved" if action == "resolve" else "dismissed"
    moderation.close_report(item, current_user, status=status, reason=form.reason.data)
    db.session.commit()
    flash(f"Report {status}.", "success")
    return _done()


@bp.post("/<any(reviews, comments):kind>/<int:target_id>/retag")
@moderator_required
def retag(kind: str, target_id: int):
    """Re-tag a passage as a spoiler for episode N (an unmarked_spoiler report's answer)."""
    target = (get_review_or_404(target_id) if kind == "reviews"
              else comment_service.get_comment_or_404(target_id))  # fmt: skip
    form = RetagForm()
    if (back := _reason_or_back(form)) is not None:
        return back
    try:
        moderation.retag(target, current_user, passage=form.passage.data,
                         episode=form.episode.data, reason=form.reason.data)  # fmt: skip
    except SpoilerSyntaxError as error:
        db.session.rollback()
        flash(f"Not re-tagged: {error}", "error")
        return _done()
    db.session.commit()
    flash("Passage re-tagged as a spoiler.", "success")
    return _done()


def _done():
    """Back to where the moderator acted (a path on this site), or the queue."""
    return redirect(safe_next_path(request.form.get("next")) or url_for("moderation.queue"), 303)
