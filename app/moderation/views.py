"""The moderation queue, moderator actions and the log (moderators only)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.comments import service as comment_service
from app.extensions import db
from app.markup import SpoilerSyntaxError
from app.markup.retag import RetagError, paragraphs
from app.models import ModerationAction, Report, ShowList, User
from app.moderation import bans
from app.moderation import service as moderation
from app.moderation.forms import ActionForm, BanForm, RetagForm
from app.permissions import moderator_required
from app.reviews.queries import get_review_or_404
from app.security import safe_next_path
from app.urls import page_number

bp = Blueprint("moderation", __name__, url_prefix="/mod")
bp.add_app_template_filter(bans.end_text, "ban_end")
bp.add_app_template_global(bans.DURATIONS, "BAN_DURATIONS")
bp.add_app_template_global(paragraphs, "paragraphs_of")  # the queue's re-tag choices
LOG_PER_PAGE = 50


@bp.get("")
@moderator_required
def queue():
    """Open reports grouped by what they report, held items first, with the text
    (spoilers shown)."""
    return render_template("moderation/queue.html", groups=moderation.queue(),
                           form=ActionForm(formdata=None))  # fmt: skip


@bp.get("/log")
@moderator_required
def action_log():
    """Every moderator action, newest first."""
    query = select(ModerationAction).order_by(ModerationAction.id.desc())
    number = request.args.get("page", 1, type=page_number)
    page = db.paginate(query, page=number, per_page=LOG_PER_PAGE, error_out=False)
    return render_template("moderation/log.html", page=page)


def _reason_or_back(form: ActionForm, *, refused: str = ""):
    """None when the form is valid, else a redirect back to the queue with its errors
    (after `refused`, which says what did not happen)."""
    if form.validate_on_submit():
        return None
    flash(refused + " ".join(e for errors in form.errors.values() for e in errors), "error")
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


@bp.post("/lists/<int:list_id>/<any(hide, restore):action>")
@moderator_required
def list_action(list_id: int, action: str):
    """Hide or restore a list of shows (issue 18)."""
    show_list = db.get_or_404(ShowList, list_id)
    form = ActionForm()
    if (back := _reason_or_back(form)) is not None:
        return back
    moderation.change_list(show_list, current_user, action, reason=form.reason.data)
    db.session.commit()
    flash("List hidden." if show_list.is_hidden else "List restored.", "success")
    return _done()


@bp.post("/users/<username>/<any(ban, unban):action>")
@moderator_required
def user_action(username: str, action: str):
    """Ban a member (for a while, maybe hiding their last day's comments) or unban one."""
    user = User.by_username(username) or abort(404)
    form = BanForm() if action == "ban" else ActionForm()
    if (back := _reason_or_back(form)) is not None:
        return back
    if action == "unban":
        moderation.unban(user, current_user, reason=form.reason.data)
        message = f"{user.username} is no longer banned."
    else:
        hidden = moderation.ban(
            user, current_user, reason=form.reason.data, until=form.until.data,
            hide_recent=form.hide_recent.data,
        )  # fmt: skip
        message = f"{user.username} is banned {bans.end_text(user.banned_until)}."
        if form.hide_recent.data:
            message += f" {_hidden_sentence(hidden)}"
    db.session.commit()
    flash(message, "success")
    return _done()


def _hidden_sentence(count: int) -> str:
    if count == 0:
        return "They had no visible comments from the last 24 hours to hide."
    noun = "comment" if count == 1 else "comments"
    return f"{count} {noun} from the last 24 hours {'was' if count == 1 else 'were'} hidden."


@bp.before_app_request
def lift_ended_ban():
    """A member whose ban has ended gets it lifted (their scores count again) by their
    next POST, which the view then commits; a GET never writes (app/moderation/bans.py)."""
    if request.method == "POST" and current_user.is_authenticated:
        bans.end_if_over(current_user)


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
    """Re-tag paragraphs, or a passage, as a spoiler for episode N (an unmarked_spoiler
    report's answer); the target's reports are resolved and its hold ends."""
    target = _review_or_comment(kind, target_id)
    form = RetagForm(text=target.body, episode_count=moderation.show_of(target).episode_count)
    if (back := _reason_or_back(form, refused="Not re-tagged: ")) is not None:
        return back
    try:
        moderation.retag(target, current_user, paragraphs=form.paragraphs.data,
                         passage=form.passage.data or "", episode=form.episode.data,
                         reason=form.reason.data)  # fmt: skip
    except (RetagError, SpoilerSyntaxError) as error:
        db.session.rollback()
        flash(f"Not re-tagged: {error}", "error")
        return _done()
    db.session.commit()
    flash(f"Re-tagged as a spoiler for episode {form.episode.data}; its reports are resolved.",
          "success")  # fmt: skip
    return _done()


@bp.post("/reviews/<int:review_id>/restore")
@moderator_required
def restore_review(review_id: int):
    """Put a review held for review back in view, dismissing its unmarked-spoiler reports
    (comments are restored by `comment_action`)."""
    review = get_review_or_404(review_id)
    form = ActionForm()
    if (back := _reason_or_back(form)) is not None:
        return back
    moderation.restore_held(review, current_user, reason=form.reason.data)
    db.session.commit()
    flash("Review restored: every reader sees it again.", "success")
    return _done()


def _review_or_comment(kind: str, target_id: int):
    if kind == "reviews":
        return get_review_or_404(target_id)
    return comment_service.get_comment_or_404(target_id)


def _done():
    """Back to where the moderator acted (a path on this site), or the queue."""
    return redirect(safe_next_path(request.form.get("next")) or url_for("moderation.queue"), 303)
