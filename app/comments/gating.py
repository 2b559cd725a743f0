"""Comments reach readers through the same spoiler gate as reviews, with their own ids."""

from flask import url_for
from markupsafe import Markup

from app.models import Comment
from app.reviews.gating import gated, revealed, sees_everything


def render_comment(comment: Comment, *, progress: int, reveal: tuple[int, ...] = ()) -> Markup:
    """The comment body for a reader at `progress`."""
    if sees_everything(comment.author_id):
        progress = comment.review.show.episode_count
    return gated(
        comment.segments,
        prefix=f"comment-{comment.id}",
        progress=progress,
        reveal=reveal,
        links=lambda episode: (
            url_for(
                "reviews.show",
                review_id=comment.review_id,
                reveal=episode,
                _anchor=f"comment-{comment.id}",
            ),
            url_for("comments.reveal", comment_id=comment.id, episode=episode),
        ),
    ).html


def revealed_spoilers(comment: Comment, episode: int) -> Markup:
    """Every spoiler of `episode` in the comment, as out-of-band swaps."""
    return revealed(comment.segments, prefix=f"comment-{comment.id}", episode=episode)
