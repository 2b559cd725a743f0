"""Posting, editing and deleting comments. They flush; views commit."""

from datetime import timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.markup import render_document
from app.models import Comment, Review, User
from app.models.user import utcnow
from app.reviews.service import NotAllowed, ensure_can_post

EDIT_WINDOW = timedelta(minutes=15)
PER_PAGE = 50
BODY_LIMIT = 4000


def add_comment(review: Review, author: User, body: str) -> Comment:
    """Post a comment; raise NotAllowed (banned) or SpoilerSyntaxError."""
    ensure_can_post(author)
    comment = Comment(
        review=review,
        author=author,
        body=body,
        segments=render_document(body, episode_count=review.show.episode_count),
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def can_edit(comment: Comment, user: User) -> bool:
    """Authors may edit a visible comment for 15 minutes after posting it (unless banned)."""
    if not user.is_authenticated or user.id != comment.author_id or comment.status != "visible":
        return False
    if user.is_banned:
        return False
    created = comment.created_at
    if created.tzinfo is None:  # SQLite returns naive datetimes (stored in UTC)
        created = created.replace(tzinfo=utcnow().tzinfo)
    return utcnow() - created <= EDIT_WINDOW


def edit_comment(comment: Comment, user: User, body: str) -> None:
    """Change a comment's text within the edit window; raise NotAllowed after it."""
    ensure_can_post(user)
    if not can_edit(comment, user):
        raise NotAllowed("Comments can be edited for 15 minutes after posting.")
    comment.segments = render_document(body, episode_count=comment.review.show.episode_count)
    comment.body = body
    comment.edited_at = utcnow()
    db.session.flush()


def delete_comment(comment: Comment, user: User) -> None:
    """Authors delete their own comment; it leaves "comment deleted" in the thread."""
    if not user.is_authenticated or user.id != comment.author_id:
        raise NotAllowed("Only its author can delete this comment.")
    ensure_can_post(user)
    comment.status = "deleted"
    db.session.flush()


def comments_page(review: Review, page: int) -> Pagination:
    """A page of a review's comments, oldest first, with their authors."""
    query = (
        select(Comment)
        .where(Comment.review_id == review.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def get_comment_or_404(comment_id: int) -> Comment:
    """The comment with its review, show and author, or a 404."""
    return db.first_or_404(
        select(Comment)
        .where(Comment.id == comment_id)
        .options(joinedload(Comment.review).joinedload(Review.show), joinedload(Comment.author))
    )
