"""Comments under reviews and in episodes' threads (posting one is the review page's or
the episode page's), and readers' reports."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import gating, places, reveals
from app.comments import service as comment_service
from app.comments.forms import CommentForm, ReportForm
from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.markup import spoilers_for
from app.moderation import service as moderation
from app.permissions import can_edit_comment, can_read_history, ensure, is_held_from
from app.progress.service import progress_for
from app.reviews.queries import get_review_or_404, history_page
from app.urls import page_number, whole_number

bp = Blueprint("comments", __name__)


@bp.get("/comments/<int:comment_id>")
def permalink(comment_id: int):
    """A comment's lasting address: to the page that shows it, at its anchor (an episode
    thread's page is found here), with `?reveal=N` passed on."""
    comment = comment_service.get_comment_or_404(comment_id)
    reveal = request.args.get("reveal", type=whole_number)
    reader_at = progress_for(comment.show).episodes_watched
    return redirect(comment_service.location(comment, reveal=reveal, reader_at=reader_at), 303)


@bp.get("/comments/<int:comment_id>/spoilers/<int:episode>")
def reveal(comment_id: int, episode: int):
    """Every spoiler of one episode of one comment, as out-of-band swaps."""
    comment = comment_service.get_comment_or_404(comment_id)
    if not gating.revealable(comment, episode):
        abort(404)
    if not wants_fragment():
        return redirect(_location(comment, reveal=episode), 303)
    return gating.revealed(comment.segments, prefix=gating.dom_id("comment", comment.id),
                           episode=episode)  # fmt: skip


@bp.post("/comments/<int:comment_id>/spoilers/<int:episode>")
@limiter.limit(reveals.LIMIT, key_func=member_or_address, exempt_when=reveals.in_session)
def keep_revealed(comment_id: int, episode: int):
    """A comment's reveal keeps that episode of its review revealed (the whole page, as
    reviews.keep_revealed does); htmx gets the page's spoilers of that episode out of
    band (`?comments=`: the page of comments the reader is on), a plain form the page
    again at this comment's spoiler. In an episode's thread nothing is remembered: the
    reveal is the thread page's, for this response (`_thread_reveal`)."""
    comment = comment_service.get_comment_or_404(comment_id)
    if not gating.revealable(comment, episode):
        abort(404)
    if comment.in_thread:
        return _thread_reveal(comment, episode, shown=True)
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


@bp.post("/comments/<int:comment_id>/spoilers/<int:episode>/hide")
@limiter.limit(reveals.LIMIT, key_func=member_or_address, exempt_when=reveals.in_session)
def hide_again(comment_id: int, episode: int):
    """Hide a spoiler of a thread comment again: the episode's spoilers on the thread page
    are withheld again (beyond the reader's progress). A review's comments use their
    review's "Hide again" (reviews.hide_again): 404 here."""
    comment = comment_service.get_comment_or_404(comment_id)
    if not comment.in_thread or is_held_from(current_user, comment):
        abort(404)
    if not 1 <= episode <= comment.show.episode_count:
        abort(404)
    return _thread_reveal(comment, episode, shown=False)


def _thread_reveal(comment, episode: int, *, shown: bool):
    """After a reveal (or "Hide again") in a thread: htmx gets the episode's spoilers in
    the comments of the thread page the reader is on (`?comments=`) as out-of-band
    swaps; a plain form the thread page with the episode shown (`?spoiler=N`) or not."""
    page = request.args.get("comments", type=page_number)
    progress = progress_for(comment.show).episodes_watched
    if wants_fragment():
        comments = [comment]
        if page:
            thread = comment_service.thread_page(comment.show, comment.episode, page)
            comments = [c for top in thread.page.items for c in (top, *thread.replies[top.id])]
        return gating.thread_swaps(comments, episode=episode, progress=progress, kept=shown,
                                   comment_page=page)  # fmt: skip
    url = places.comment_url(comment, page=page or comment_service.thread_page_of(comment),
                             reveal=episode if shown else None, reader_at=progress)  # fmt: skip
    return redirect(url, 303)


def _location(comment, *, reveal: int | None = None) -> str:
    """Where to send the reader after acting on `comment`: the page showing it."""
    reader_at = progress_for(comment.show).episodes_watched if comment.in_thread else None
    return comment_service.location(comment, reveal=reveal, reader_at=reader_at)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    """Edit my comment within 15 minutes of posting it."""
    comment = comment_service.get_comment_or_404(comment_id)
    ensure(can_edit_comment(current_user, comment))
    form = CommentForm(
        data={"body": comment.body} if request.method == "GET" else None,
        episode_count=comment.show.episode_count,
    )
    if not form.validate_on_submit():
        return render_template("comments/edit.html", comment=comment, form=form)
    comment_service.edit_comment(comment, current_user, form.body.data, form.body.segments)
    db.session.commit()
    return redirect(_location(comment), 303)


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
    return redirect(_location(comment), 303)


@bp.post("/comments/<int:comment_id>/report")
@login_required
@limiter.limit("30 per hour", key_func=member_or_address)
def report_comment(comment_id: int):
    """Report a comment to the moderators."""
    comment = comment_service.get_comment_or_404(comment_id)
    return _report(comment, gating.dom_id("comment", comment.id), _location(comment))


@bp.post("/reviews/<int:review_id>/report")
@login_required
@limiter.limit("30 per hour", key_func=member_or_address)
def report_review(review_id: int):
    """Report a review to the moderators."""
    review = get_review_or_404(review_id)
    owner_id = gating.dom_id("review", review.id)
    return _report(review, owner_id, url_for("reviews.show", review_id=review.id, _anchor=owner_id))


def _report(target, owner_id: str, back: str):
    """File the report; htmx gets the form's answer in place, a plain form goes `back`
    (the page showing the target, at it)."""
    form = ReportForm()
    if not form.validate_on_submit():
        if wants_fragment():
            return fragment("comments/_report_form.html", status=422, form=form,
                            owner_id=owner_id, action=request.path)  # fmt: skip
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back, 303)
    moderation.report(target, current_user, reason=form.reason.data, note=form.note.data or "")
    db.session.commit()
    if wants_fragment():
        return fragment("comments/_reported.html", owner_id=owner_id)
    flash("Thank you: a moderator will look at your report.", "success")
    return redirect(back, 303)
