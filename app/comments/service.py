"""Posting, editing and deleting comments. They flush; views commit."""

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.markup import Segments
from app.models import Comment, CommentRevision, Review, User
from app.models.user import utcnow
from app.permissions import can_edit_comment, ensure, is_author
from app.reviews.service import ensure_can_post
from app.scores import service as scores

PER_PAGE = 50
BODY_LIMIT = 4000


def add_comment(review: Review, author: User, body: str, segments: Segments) -> Comment:
    """Post a comment (`segments`: its rendered body); raise NotAllowed (banned)."""
    ensure_can_post(author)
    comment = Comment(review=review, author=author, body=body, segments=segments)
    db.session.add(comment)
    db.session.flush()
    return comment


def edit_comment(comment: Comment, user: User, body: str, segments: Segments) -> None:
    """Change a comment's text within the edit window; raise NotAllowed after it."""
    ensure_can_post(user)
    ensure(can_edit_comment(user, comment), "Comments can be edited for 15 minutes after posting.")
    replace_text(comment, user, body, segments)
    db.session.flush()


def replace_text(
    comment: Comment, editor: User, body: str, segments: Segments, *, reason: str | None = None
) -> None:
    """Give a comment new text, keeping the old as a revision (with a moderator's
    `reason`), for its edit history. The old text is read under the author's lock, so
    simultaneous edits each keep the text the one before them left."""
    scores.lock_member(comment.author_id)
    db.session.refresh(comment)
    comment.revisions.append(CommentRevision(editor=editor, body=comment.body, reason=reason))
    comment.segments = segments
    comment.body = body
    comment.edited_at = utcnow()


def delete_comment(comment: Comment, user: User) -> None:
    """Authors delete their own comment; it leaves "comment deleted" in the thread."""
    ensure(is_author(user, comment), "Only its author can delete this comment.")
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
