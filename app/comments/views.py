"""Comments under reviews, and readers' reports."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.comments import gating as comment_gating
from app.comments import service as comment_service
from app.comments.forms import CommentForm, ReportForm
from app.extensions import db, limiter
from app.htmx import fragment, wants_fragment
from app.markup import SpoilerSyntaxError, spoilers_for
from app.moderation import service as moderation
from app.reviews import gating
from app.reviews.queries import get_review_or_404
from app.reviews.views import render_review_page, user_key

bp = Blueprint("comments", __name__)


@bp.post("/reviews/<int:review_id>/comments")
@login_required
@limiter.limit("60 per hour", key_func=user_key)
def add(review_id: int):
    """Post a comment; htmx gets the new comment (and a fresh form), others a redirect."""
    review = get_review_or_404(review_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = comment_service.add_comment(review, current_user, form.body.data)
        except SpoilerSyntaxError as error:
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            if wants_fragment():
                return fragment(
                    "comments/_added.html",
                    comment=comment,
                    review=review,
                    form=CommentForm(formdata=None),
                    body=_body(comment),
                )
            target = url_for("reviews.show", review_id=review.id, _anchor=f"comment-{comment.id}")
            return redirect(target, 303)
    if wants_fragment():
        return fragment("comments/_form.html", status=422, review=review, form=form)
    return render_review_page(review, comment_form=form)


def _body(comment):
    return comment_gating.render_comment(
        comment, progress=gating.reader_progress(comment.review.show)
    )


@bp.get("/comments/<int:comment_id>/spoilers/<int:episode>")
def reveal(comment_id: int, episode: int):
    """Every spoiler of one episode of one comment, as out-of-band swaps."""
    comment = comment_service.get_comment_or_404(comment_id)
    if comment.status != "visible" or not spoilers_for(comment.segments, episode):
        abort(404)
    if not wants_fragment():
        target = url_for("reviews.show", review_id=comment.review_id, reveal=episode,
                         _anchor=f"comment-{comment.id}")  # fmt: skip
        return redirect(target, 303)
    return comment_gating.revealed_spoilers(comment, episode)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    """Edit my comment within 15 minutes of posting it."""
    comment = comment_service.get_comment_or_404(comment_id)
    if not comment_service.can_edit(comment, current_user):
        abort(403)
    form = CommentForm(data={"body": comment.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            comment_service.edit_comment(comment, current_user, form.body.data)
        except SpoilerSyntaxError as error:
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            target = url_for("reviews.show", review_id=comment.review_id,
                             _anchor=f"comment-{comment.id}")  # fmt: skip
            return redirect(target, 303)
    return render_template("comments/edit.html", comment=comment, form=form)


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete(comment_id: int):
    """Delete my comment; "comment deleted" keeps its place in the thread."""
    comment = comment_service.get_comment_or_404(comment_id)
    comment_service.delete_comment(comment, current_user)
    db.session.commit()
    flash("Your comment is deleted.", "info")
    target = url_for("reviews.show", review_id=comment.review_id, _anchor=f"comment-{comment.id}")
    return redirect(target, 303)


@bp.post("/comments/<int:comment_id>/report")
@login_required
@limiter.limit("30 per hour", key_func=user_key)
def report_comment(comment_id: int):
    """Report a comment to the moderators."""
    comment = comment_service.get_comment_or_404(comment_id)
    return _report(comment, f"comment-{comment.id}", comment.review_id)


@bp.post("/reviews/<int:review_id>/report")
@login_required
@limiter.limit("30 per hour", key_func=user_key)
def report_review(review_id: int):
    """Report a review to the moderators."""
    review = get_review_or_404(review_id)
    return _report(review, f"review-{review.id}", review.id)


def _report(target, dom_id: str, review_id: int):
    form = ReportForm()
    if not form.validate_on_submit():
        if wants_fragment():
            return fragment("comments/_report_form.html", status=422, form=form,
                            dom_id=dom_id, action=request.path)  # fmt: skip
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("reviews.show", review_id=review_id, _anchor=dom_id), 303)
    moderation.report(target, current_user, reason=form.reason.data, note=form.note.data or "")
    db.session.commit()
    if wants_fragment():
        return fragment("comments/_reported.html", dom_id=dom_id)
    flash("Thank you: a moderator will look at your report.", "success")
    return redirect(url_for("reviews.show", review_id=review_id, _anchor=dom_id), 303)
