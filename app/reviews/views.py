"""Reading, writing, revealing and voting on reviews."""

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import bindparam, select

from app.comments import gating as comment_gating
from app.comments import service as comment_service
from app.comments.forms import CommentForm, ReportForm
from app.extensions import db, limiter
from app.htmx import fragment, wants_fragment
from app.markup import SpoilerSyntaxError, shift_headings, spoilers_for
from app.models import Review
from app.reviews import gating
from app.reviews import service as review_service
from app.reviews.forms import ReviewForm
from app.reviews.queries import ReviewListArgs, get_review_or_404, show_reviews
from app.shows.views import get_show_or_404

bp = Blueprint("reviews", __name__)
log = logging.getLogger(__name__)
POST_LIMIT = "30 per hour"
PREVIEW_LIMIT = "120 per hour"  # a draft is previewed a few times before it is posted
# Built once: the reveal is the busiest small request.
REVEAL_SEGMENTS = select(Review.segments).where(Review.id == bindparam("review_id"))


def user_key() -> str:
    """Rate-limit members by account (several may share an address), others by address."""
    return f"user:{current_user.id}" if current_user.is_authenticated else request.remote_addr


@bp.get("/reviews/<int:review_id>")
def show(review_id: int):
    """The whole review with its comments; htmx ("Read more") gets the review alone."""
    review = get_review_or_404(review_id)
    if wants_fragment():
        progress = gating.reader_progress(review.show)
        body = gating.render_review(review, progress=progress)
        return fragment("reviews/_review.html", review=review, body=body.html, title_level=3)
    return render_review_page(review)


def render_review_page(review, *, comment_form=None):
    """The review page with its comments; `?reveal=N` shows episode N everywhere on it."""
    reveal = request.args.get("reveal", type=int)
    revealed = (reveal,) if reveal else ()
    progress = gating.reader_progress(review.show)
    page = comment_service.comments_page(review, request.args.get("page", 1, type=int))
    comments = [
        (c, comment_gating.render_comment(c, progress=progress, reveal=revealed))
        for c in page.items
    ]
    return render_template(
        "reviews/show.html",
        review=review,
        # On its own page the review's title is an h2, so its headings start at h3.
        body=Markup(
            shift_headings(
                gating.render_review(review, progress=progress, reveal=revealed).html, -1
            )
        ),  # fmt: skip
        title_level=2,
        progress=progress,
        comments=comments,
        comment_page=page,
        comment_form=comment_form or CommentForm(formdata=None),
        report_form=ReportForm(formdata=None),
    )


@bp.get("/reviews/<int:review_id>/spoilers/<int:episode>")
def reveal(review_id: int, episode: int):
    """Every spoiler of one episode of one review, as out-of-band swaps for htmx.

    The busiest small request: one column of one row, no ORM object."""
    segments = db.session.execute(REVEAL_SEGMENTS, {"review_id": review_id}).scalar()
    if segments is None:
        abort(404)
    if not spoilers_for(segments, episode):
        abort(404)
    if not wants_fragment():
        return redirect(url_for("reviews.show", review_id=review_id, reveal=episode), 303)
    return gating.revealed(segments, prefix=gating.review_prefix(review_id), episode=episode)


@bp.route("/shows/<slug>/reviews/new", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"], key_func=user_key)
def new(slug: str):
    """Write a review; a second one for the same show goes to the edit form."""
    show = get_show_or_404(slug)
    review_service.ensure_can_post(current_user)
    found = review_service.existing_review(show, current_user)
    if found is not None:
        flash("You have reviewed this show already: edit your review here.", "info")
        return redirect(url_for("reviews.edit", review_id=found.id), 303)
    form = ReviewForm(episode_count=show.episode_count)
    if not form.is_submitted():
        form.episodes_watched.data = gating.reader_progress(show)
    if form.validate_on_submit():
        try:
            review = review_service.create_review(show, current_user, form.draft())
        except SpoilerSyntaxError as error:
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            flash("Your review is published.", "success")
            return redirect(url_for("reviews.show", review_id=review.id), 303)
    return _form_page(form, show=show, review=None)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"], key_func=user_key)
def edit(review_id: int):
    """Edit a review in place; the old text is kept as a revision."""
    review = get_review_or_404(review_id)
    review_service.ensure_can_edit(review, current_user)
    form = ReviewForm(episode_count=review.show.episode_count)
    if not form.is_submitted():
        form.fill_from(review)
    if form.validate_on_submit():
        try:
            review_service.update_review(review, current_user, form.draft())
        except SpoilerSyntaxError as error:
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            flash("Your changes are saved.", "success")
            return redirect(url_for("reviews.show", review_id=review.id), 303)
    return _form_page(form, show=review.show, review=review)


@bp.post("/reviews/<int:review_id>/delete")
@login_required
def delete(review_id: int):
    """Delete a review (its author or a moderator)."""
    review = get_review_or_404(review_id)
    review_service.ensure_can_edit(review, current_user)
    show_slug = review.show.slug
    review_service.delete_review(review)
    db.session.commit()
    log.info("review deleted", extra={"actor": current_user.id, "review": review_id})
    flash("The review is deleted.", "info")
    return redirect(url_for("shows.show", slug=show_slug), 303)


@bp.post("/reviews/<int:review_id>/helpful")
@login_required
@limiter.limit("120 per hour", key_func=user_key)
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
@limiter.limit(PREVIEW_LIMIT, key_func=user_key)
def preview(slug: str):
    """The review as its author will see it (every spoiler shown, labelled)."""
    show = get_show_or_404(slug)
    form = ReviewForm(episode_count=show.episode_count)
    try:
        html = gating.preview(form.body.data or "", show)
    except SpoilerSyntaxError as error:
        return fragment("reviews/_preview.html", status=422, error=str(error), html=None)
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
    reviews = show_reviews(show, ReviewListArgs(sort="newest"), progress=0).items
    xml = render_template("reviews/feed.xml", show=show, reviews=reviews)
    return xml, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}
