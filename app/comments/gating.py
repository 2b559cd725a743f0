"""Comments reach readers through the same spoiler gate as reviews, with their own ids."""

from flask import url_for
from flask_login import current_user
from markupsafe import Markup

from app.markup import SpoilerRef, gate, spoilers_for
from app.models import Comment
from app.reviews.gating import OOB, SHOWN, WITHHELD


def spoiler_id(comment: Comment, ref: SpoilerRef) -> str:
    """The DOM id of one spoiler of one comment."""
    return f"comment-{comment.id}-spoiler-{ref.index}"


def sees_everything(comment: Comment) -> bool:
    """Comment authors and moderators read every spoiler of a comment."""
    return current_user.is_authenticated and (
        current_user.id == comment.author_id or current_user.is_moderator
    )


def render_comment(comment: Comment, *, progress: int, reveal: tuple[int, ...] = ()) -> Markup:
    """The comment body for a reader at `progress`."""
    if sees_everything(comment):
        progress = comment.review.show.episode_count

    def show(ref: SpoilerRef) -> Markup:
        return SHOWN[ref.is_block].format(
            id=spoiler_id(comment, ref), ep=ref.episode, html=ref.html, oob=""
        )

    def withhold(ref: SpoilerRef) -> Markup:
        return WITHHELD[ref.is_block].format(
            id=spoiler_id(comment, ref),
            ep=ref.episode,
            href=url_for("reviews.show", review_id=comment.review_id, reveal=ref.episode,
                         _anchor=f"comment-{comment.id}"),
            reveal=url_for("comments.reveal", comment_id=comment.id, episode=ref.episode),
        )  # fmt: skip

    return gate(comment.segments, progress=progress, reveal=reveal, show=show,
                withhold=withhold).html  # fmt: skip


def revealed_spoilers(comment: Comment, episode: int) -> Markup:
    """Every spoiler of `episode` in the comment, as out-of-band swaps."""
    return Markup("").join(
        SHOWN[ref.is_block].format(
            id=spoiler_id(comment, ref), ep=ref.episode, html=ref.html, oob=OOB
        )
        for ref in spoilers_for(comment.segments, episode)
    )
