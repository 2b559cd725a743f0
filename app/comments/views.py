"""Comments under reviews (posting one is the review page's), and readers' reports."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import gating, reveals
from app.comments import service as comment_service
from app.comments.forms import CommentForm, ReportForm
from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.markup import spoilers_for
from app.moderation import service as moderation
from app.permissions import can_edit_comment, can_read_history, ensure
from app.progress.service import progress_for
from app.reviews.queries import get_review_or_404, history_page
from app.urls import page_number

bp = Blueprint("comments", __name__)


@bp.get("/comments/<int:comment_id>/spoilers/<int:episode>")
def reveal(comment_id: int, episode: int):
    """Every spoiler of one episode of one comment, as out-of-band swaps."""
    comment = comment_service.get_comment_or_404(comment_id)
    if not gating.revealable(comment, episode):
        abort(404)
    if not wants_fragment():
        target = url_for("reviews.show", review_id=comment.review_id, reveal=episode,
                         _anchor=gating.dom_id("comment", comment.id))  # fmt: skip
        return redirect(target, 303)
    return gating.revealed(comment.segments, prefix=gating.dom_id("comment", comment.id),
                           episode=episode)  # fmt: skip


@bp.post("/comments/<int:comment_id>/spoilers/<int:episode>")
@limiter.limit(reveals.LIMIT, key_func=member_or_address, exempt_when=reveals.in_session)
def keep_revealed(comment_id: int, episode: int):
    """A comment's reveal keeps that episode of its review revealed (the whole page, as
    reviews.keep_revealed does); htmx gets the page's spoilers of that episode out of
    band (`?comments=`: the page of comments the reader is on), a plain form the page
    again at this comment's spoiler."""
    comment = comment_service.get_comment_or_404(comment_id)
    if not gating.revealable(comment, episode):
        abort(404)
    review = comment.review
    reveals.remember(review.id, review.show_id, episode)
    db.session.commit()
    page = request.args.get("comments", type=page_number)
    if wants_fragment():
        comments = comment_service.comments_page(review, page).items if page else [comment]
        progress = progress_for(review.show).episodes_watched
        return gating.page_swaps(review, comments, episode=episode, progress=progress,
                                 kept=True, comment_page=page)  # fmt: skip
    anchor = gating.spoiler_id(gating.dom_id("comment", comment.id),
                               spoilers_for(comment.segments, episode)[0])  # fmt: skip
    page = page if page and page > 1 else None
    return redirect(url_for("reviews.show", review_id=review.id, page=page, _anchor=anchor), 303)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    """Edit my comment within 15 minutes of posting it."""
    comment = comment_service.get_comment_or_404(comment_id)
    ensure(can_edit_comment(current_user, comment))
    form = CommentForm(
        data={"body": comment.body} if request.method == "GET" else None,
        episode_count=comment.review.show.episode_count,
    )
    if not form.validate_on_submit():
        return render_template("comments/edit.html", comment=comment, form=form)
    comment_service.edit_comment(comment, current_user, form.body.data, form.body.segments)
    db.session.commit()
    target = url_for("reviews.show", review_id=comment.review_id,
                     _anchor=gating.dom_id("comment", comment.id))  # fmt: skip
    return redirect(target, 303)


@bp.get("/comments/<int:comment_id>/history")
@login_required
def history(comment_id: int):
    """The comment's earlier versions, newest first, every spoiler shown (its author and
    moderators only)."""
    comment = comment_service.get_comment_or_404(comment_id)
    ensure(can_read_history(current_user, comment))
    history = history_page(comment, request.args.get("page", 1, type=page_number))
    return render_template("comments/history.html", comment=comment, history=history)


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete(comment_id: int):
    """Delete my comment; "comment deleted" keeps its place in the thread."""
    comment = comment_service.get_comment_or_404(comment_id)
    comment_service.delete_comment(comment, current_user)
    db.session.commit()
    flash("Your comment is deleted.", "info")
    anchor = gating.dom_id("comment", comment.id)
    return redirect(url_for("reviews.show", review_id=comment.review_id, _anchor=anchor), 303)


@bp.post("/comments/<int:comment_id>/report")
@login_required
@limiter.limit("30 per hour", key_func=member_or_address)
def report_comment(comment_id: int):
    """Report a comment to the moderators."""
    comment = comment_service.get_comment_or_404(comment_id)
    return _report(comment, gating.dom_id("comment", comment.id), comment.review_id)


@bp.post("/reviews/<int:review_id>/report")
@login_required
@limiter.limit("30 per hour", key_func=member_or_address)
def report_review(review_id: int):
    """Report a review to the moderators."""
    review = get_review_or_404(review_id)
    return _report(review, gating.dom_id("review", review.id), review.id)


def _report(target, owner_id: str, review_id: int):
    form = ReportForm()
    if not form.validate_on_submit():
        if wants_fragment():
            return fragment("comments/_report_form.html", status=422, form=form,
                            owner_id=owner_id, action=request.path)  # fmt: skip
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("reviews.show", review_id=review_id, _anchor=owner_id), 303)
    moderation.report(target, current_user, reason=form.reason.data, note=form.note.data or "")
    db.session.commit()
    if wants_fragment():
        return fragment("comments/_reported.html", owner_id=owner_id)
    flash("Thank you: a moderator will look at your report.", "success")
    return redirect(url_for("reviews.show", review_id=review_id, _anchor=owner_id), 303)
