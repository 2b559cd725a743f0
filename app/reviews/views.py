"""Reading, writing, revealing and voting on reviews, and commenting on them."""

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select

from app import gating, reveals
from app.comments import service as comment_service
from app.comments.forms import CommentForm, ReportForm
from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.models import Review
from app.moderation import service as moderation
from app.moderation.forms import ActionForm
from app.permissions import acts_as_moderator, can_read_history, ensure, is_held_from
from app.progress.service import progress_for
from app.reviews import service as review_service
from app.reviews.forms import ModeratorReviewForm, ReviewForm
from app.reviews.queries import feed_reviews, get_review_or_404, history_page
from app.security import safe_next_path
from app.shows.queries import get_show_or_404
from app.urls import page_number, whole_number

bp = Blueprint("reviews", __name__)
log = logging.getLogger(__name__)
POST_LIMIT = "30 per hour"
PREVIEW_LIMIT = "120 per hour"  # a draft is previewed a few times before it is posted
COMMENT_LIMIT = "60 per hour"
# Built once: the reveal is the busiest small request.
REVEAL_SEGMENTS = select(Review.segments, Review.held_at, Review.author_id).where(
    Review.id == bindparam("review_id")
)


@bp.get("/reviews/<int:review_id>")
def show(review_id: int):
    """The whole review with its comments; htmx ("Read more") gets the review alone."""
    review = get_review_or_404(review_id)
    if wants_fragment():
        progress = progress_for(review.show).episodes_watched
        kept = reveals.kept_for(review.id)
        body = gating.render_review(review, progress=progress, kept=kept, title_level=3)
        return fragment("reviews/_review.html", review=review, body=body.html, title_level=3)
    return _review_page(review)


def _review_page(review: Review, *, comment_form: CommentForm | None = None):
    """The review page with its comments; `?reveal=N` shows episode N everywhere on it,
    as do the episodes the reader keeps revealed (app/reveals.py)."""
    reveal = request.args.get("reveal", type=whole_number)
    shown = {"reveal": (reveal,) if reveal else (), "kept": reveals.kept_for(review.id)}
    progress = progress_for(review.show).episodes_watched
    page = comment_service.comments_page(review, request.args.get("page", 1, type=page_number))
    comments = [
        (c, gating.render_comment(c, progress=progress, comment_page=page.page, **shown))
        for c in page.items
    ]
    body = gating.render_review(
        review, progress=progress, comment_page=page.page, title_level=2, **shown
    )
    return render_template(
        "reviews/show.html",
        review=review,
        body=body.html,
        title_level=2,
        progress=progress,
        comments=comments,
        comment_page=page,
        reveal=reveal,
        comment_form=comment_form or CommentForm(formdata=None, episode_count=0),
        report_form=ReportForm(formdata=None),
    )


@bp.get("/reviews/<int:review_id>/spoilers/<int:episode>")
def reveal(review_id: int, episode: int):
    """Every spoiler of one episode of one review, as out-of-band swaps for htmx.

    The busiest small request: one column of one row, no ORM object."""
    row = db.session.execute(REVEAL_SEGMENTS, {"review_id": review_id}).one_or_none()
    if row is None or not gating.revealable(row, episode):
        abort(404)
    segments = row.segments
    if not wants_fragment():
        return redirect(url_for("reviews.show", review_id=review_id, reveal=episode), 303)
    return gating.revealed(segments, prefix=gating.dom_id("review", review_id), episode=episode)


@bp.post("/reviews/<int:review_id>/spoilers/<int:episode>")
@limiter.limit(reveals.LIMIT, key_func=member_or_address, exempt_when=reveals.in_session)
def keep_revealed(review_id: int, episode: int):
    """Reveal one episode of one review and keep it revealed for this reader (the whole
    page: the review and its comments) until they hide it again; htmx gets the page's
    spoilers of that episode out of band, a plain form the page again."""
    review = get_review_or_404(review_id)
    if not gating.revealable(review, episode):
        abort(404)
    reveals.remember(review.id, review.show_id, episode)
    db.session.commit()
    return _reveal_changed(review, episode, kept=True)


@bp.post("/reviews/<int:review_id>/spoilers/<int:episode>/hide")
@limiter.limit(reveals.LIMIT, key_func=member_or_address, exempt_when=reveals.in_session)
def hide_again(review_id: int, episode: int):
    """Forget a kept reveal: the episode's spoilers are withheld again on the whole page
    (if the reader has not reached it)."""
    review = get_review_or_404(review_id)
    if is_held_from(current_user, review) or not 1 <= episode <= review.show.episode_count:
        abort(404)
    reveals.forget(review.id, episode)
    db.session.commit()
    return _reveal_changed(review, episode, kept=False)


def _reveal_changed(review: Review, episode: int, *, kept: bool):
    """After a reveal is kept or forgotten: htmx gets every spoiler of `episode` on the
    page (`?comments=`: the page of comments the reader is on) as they see it now; a
    plain form goes back to the review page, at the first of them. (A comment's reveal,
    comments.keep_revealed, answers the same way.)"""
    comment_page = request.args.get("comments", type=page_number)
    comments = comment_service.comments_page(review, comment_page).items if comment_page else []
    if wants_fragment():
        progress = progress_for(review.show).episodes_watched
        return gating.page_swaps(review, comments, episode=episode, progress=progress,
                                 kept=kept, comment_page=comment_page)  # fmt: skip
    anchor = gating.first_on_page(review, comments, episode)
    page = comment_page if comment_page and comment_page > 1 else None
    return redirect(url_for("reviews.show", review_id=review.id, page=page, _anchor=anchor), 303)


@bp.route("/shows/<slug>/reviews/new", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"], key_func=member_or_address)
def new(slug: str):
    """Write a review; a second one for the same show goes to the review that exists."""
    show = get_show_or_404(slug)
    review_service.ensure_can_post(current_user)
    found = review_service.existing_review(show, current_user)
    if found is not None:
        return _already_reviewed(found)
    form = ReviewForm(episode_count=show.episode_count)
    if not form.is_submitted():
        form.episodes_watched.data = progress_for(show).episodes_watched
    if not form.validate_on_submit():
        return _form_page(form, show=show, review=None)
    try:
        review = review_service.create_review(show, current_user, form.draft())
    except review_service.AlreadyReviewed as lost:  # a simultaneous post won the race
        return _already_reviewed(lost.review)
    db.session.commit()
    flash("Your review is published.", "success")
    return redirect(url_for("reviews.show", review_id=review.id), 303)


def _already_reviewed(review: Review):
    """A GET goes to the edit form; a post (a second tab, a double click, however it
    raced) to the review that exists, as the first post did, with a message."""
    if request.method == "GET":
        flash("You have reviewed this show already: edit your review here.", "info")
        return redirect(url_for("reviews.edit", review_id=review.id), 303)
    flash("You have reviewed this show already: here it is.", "info")
    return redirect(url_for("reviews.show", review_id=review.id), 303)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"], key_func=member_or_address)
def edit(review_id: int):
    """Edit a review in place; the old text is kept as a revision. A moderator editing
    someone else's review gives a reason, which goes in the log."""
    review = get_review_or_404(review_id)
    review_service.ensure_can_edit(review, current_user)
    moderating = acts_as_moderator(current_user, review)
    form_class = ModeratorReviewForm if moderating else ReviewForm
    form = form_class(episode_count=review.show.episode_count)
    if not form.is_submitted():
        form.fill_from(review)
    if not form.validate_on_submit():
        return _form_page(form, show=review.show, review=review)
    reason = form.reason.data if moderating else None
    moderation.edit_review(review, current_user, form.draft(), reason=reason)
    db.session.commit()
    flash("Your changes are saved.", "success")
    return redirect(url_for("reviews.show", review_id=review.id), 303)


@bp.post("/reviews/<int:review_id>/delete")
@login_required
def delete(review_id: int):
    """Delete a review (its author, or a moderator giving a reason for the log)."""
    review = get_review_or_404(review_id)
    review_service.ensure_can_edit(review, current_user)
    reason = None
    if acts_as_moderator(current_user, review):
        form = ActionForm()
        if not form.validate_on_submit():
            flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
            return redirect(url_for("reviews.show", review_id=review.id), 303)
        reason = form.reason.data
    show_slug = review.show.slug
    moderation.delete_review(review, current_user, reason=reason)
    db.session.commit()
    log.info("review deleted", extra={"actor": current_user.id, "review": review_id})
    flash("The review is deleted.", "info")
    back = safe_next_path(request.form.get("next"))  # the moderation queue sends one
    return redirect(back or url_for("shows.show", slug=show_slug), 303)


@bp.get("/reviews/<int:review_id>/history")
@login_required
def history(review_id: int):
    """The review's earlier versions, newest first, every spoiler shown (its author and
    moderators only)."""
    review = get_review_or_404(review_id)
    ensure(can_read_history(current_user, review))
    history = history_page(review, request.args.get("page", 1, type=page_number))
    return render_template("reviews/history.html", review=review, history=history)


@bp.post("/reviews/<int:review_id>/helpful")
@login_required
@limiter.limit("120 per hour", key_func=member_or_address)
def helpful(review_id: int):
    """Toggle my helpful vote (not on my own review)."""
    review = get_review_or_404(review_id)
    review_service.ensure_can_post(current_user)
    voted = review_service.toggle_helpful(review, current_user)
    db.session.commit()
    if wants_fragment():
        return fragment("reviews/_helpful.html", review=review, voted=voted)
    return redirect(url_for("reviews.show", review_id=review.id), 303)


@bp.post("/shows/<slug>/reviews/preview")
@login_required
@limiter.limit(PREVIEW_LIMIT, key_func=member_or_address)
def preview(slug: str):
    """The review as its author will see it (every spoiler shown, labelled)."""
    show = get_show_or_404(slug)
    form = ReviewForm(episode_count=show.episode_count)
    if not form.body.validate(form):
        error = " ".join(form.body.errors)
        return fragment("reviews/_preview.html", status=422, error=error, html=None)
    html = gating.preview(form.body.segments, show)
    if not wants_fragment():
        return _form_page(form, show=show, review=None, preview=html)
    return fragment("reviews/_preview.html", html=html, error=None)


def _form_page(form: ReviewForm, *, show, review, preview=None):
    status = 422 if form.errors and wants_fragment() else 200
    template = "reviews/_form.html" if wants_fragment() else "reviews/form.html"
    return render_template(template, form=form, show=show, review=review, preview=preview), status


@bp.get("/shows/<slug>/feed.atom")
def feed(slug: str):
    """The show's newest reviews as Atom, spoiler-free excerpts only (a feed has no reader)."""
    show = get_show_or_404(slug)
    reviews = feed_reviews(show)
    xml = render_template("reviews/feed.xml", show=show, reviews=reviews)
    return xml, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}


@bp.post("/reviews/<int:review_id>/comments")
@login_required
@limiter.limit(COMMENT_LIMIT, key_func=member_or_address)
def add_comment(review_id: int):
    """Post a comment; htmx gets the new comment (and a fresh form), others a redirect."""
    review = get_review_or_404(review_id)
    form = CommentForm(episode_count=review.show.episode_count)
    if not form.validate_on_submit():
        if wants_fragment():
            return fragment("comments/_form.html", status=422, review=review, form=form)
        return _review_page(review, comment_form=form)  # 200, keeps the typed text
    comment = comment_service.add_comment(review, current_user, form.body.data, form.body.segments)
    db.session.commit()
    if wants_fragment():
        progress = progress_for(review.show).episodes_watched
        body = gating.render_comment(comment, progress=progress)
        return fragment("comments/_added.html", comment=comment, review=review, body=body,
                        form=CommentForm(formdata=None, episode_count=0))  # fmt: skip
    anchor = gating.dom_id("comment", comment.id)
    return redirect(url_for("reviews.show", review_id=review.id, _anchor=anchor), 303)
