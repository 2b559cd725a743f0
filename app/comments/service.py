"""Posting, editing and deleting comments, under reviews and in episodes' threads.
They flush; views commit."""

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from app import places
from app.extensions import db
from app.markup import Segments
from app.models import Comment, CommentRevision, EpisodeThread, Review, Show, User
from app.models.user import utcnow
from app.notifications import service as notifications
from app.permissions import can_edit_comment, ensure, is_author
from app.progress.service import find_entry
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
    notifications.comment_posted(comment)
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
    """The comment with its review or thread, its show and author, or a 404."""
    return db.first_or_404(
        select(Comment)
        .where(Comment.id == comment_id)
        .options(
            joinedload(Comment.review).joinedload(Review.show),
            joinedload(Comment.thread_show),
            joinedload(Comment.author),
        )
    )


def location(comment: Comment, *, reveal: int | None = None, reader_at: int | None = None) -> str:
    """The page showing `comment`, at its anchor (`places.comment_url`), with the page of
    its thread found: where a view redirects after acting on it. A review's comments
    keep their old address (the review page, first page of comments)."""
    page = thread_page_of(comment) if comment.in_thread else None
    return places.comment_url(comment, page=page, reveal=reveal, reader_at=reader_at)


# --- Episode threads ---------------------------------------------------------------------
# Members post in the thread of an episode they have watched (progress >= the episode),
# stamped with that progress. Replies go one level deep: a reply to a reply joins the same
# top-level comment. Every post raises the thread's EpisodeThread.comment_count by one in
# its own transaction (hidden and deleted comments keep their place, so they still count).

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class BadParent(ValueError):
    """`parent_id` names no comment of this thread that can take a reply."""


@dataclass(frozen=True)
class ThreadPage:
    """One page of an episode's thread: top-level comments (`page.items`, oldest first)
    and each one's replies, oldest first, by top-level comment id."""

    page: Pagination
    replies: dict[int, list[Comment]]


def thread_stamp(author: User, show: Show, episode: int) -> int:
    """The author's progress on `show`, the stamp of what they post in the thread of
    `episode`; NotAllowed (403) when banned or when they have not watched it."""
    ensure_can_post(author)
    entry = find_entry(author.id, show.id)
    watched = entry.episodes_watched if entry is not None else 0
    ensure(
        watched >= episode,
        f"The thread of episode {episode} is for members who have watched it: "
        f"you are at episode {watched}. Mark it watched to join in.",
    )
    return watched


def reply_parent(show: Show, episode: int, parent_id: int | None) -> Comment | None:
    """The top-level comment a reply with `parent_id` attaches to (None: not a reply).
    A reply to a reply attaches to that reply's own parent. Raise BadParent when
    `parent_id` is no comment of this thread, or one gone from view."""
    if parent_id is None:
        return None
    parent = db.session.get(Comment, parent_id)
    if parent is None or (parent.show_id, parent.episode) != (show.id, episode):
        raise BadParent("You can only reply to a comment of this episode's thread.")
    if parent.parent_id is not None:
        parent = db.session.get(Comment, parent.parent_id)
    if parent.status != "visible":
        raise BadParent("That comment is no longer open to replies.")
    return parent


def add_thread_comment(
    show: Show,
    episode: int,
    author: User,
    body: str,
    segments: Segments,
    *,
    parent: Comment | None = None,
) -> Comment:
    """Post in the thread of `episode` (a reply to `parent`, from `reply_parent`), stamped
    with the author's progress, and count it; raise NotAllowed (`thread_stamp`)."""
    stamp = thread_stamp(author, show, episode)
    comment = Comment(
        thread_show=show, episode=episode, written_at_episode=stamp, parent=parent,
        author=author, body=body, segments=segments,
    )  # fmt: skip
    db.session.add(comment)
    db.session.flush()
    _count_post(show.id, episode)
    notifications.comment_posted(comment)
    return comment


def _count_post(show_id: int, episode: int) -> None:
    """One more post in the thread: a single atomic upsert-increment, so simultaneous
    posts each add one (the row lock of the UPDATE, or SQLite's one writer)."""
    insert = INSERTS[db.session.get_bind().dialect.name](EpisodeThread)
    db.session.execute(
        insert.values(show_id=show_id, episode=episode, comment_count=1).on_conflict_do_update(
            index_elements=["show_id", "episode"],
            set_={"comment_count": EpisodeThread.comment_count + 1},
        )
    )


def thread_count(show: Show, episode: int) -> int:
    """How many comments were posted in the thread of `episode` (EpisodeThread)."""
    count = db.session.scalar(
        select(EpisodeThread.comment_count).where(
            EpisodeThread.show_id == show.id, EpisodeThread.episode == episode
        )
    )
    return count or 0


def _thread(show_id: int, episode: int):
    return and_(Comment.show_id == show_id, Comment.episode == episode)


def thread_page(show: Show, episode: int, page: int) -> ThreadPage:
    """A page of the thread of `episode`: PER_PAGE top-level comments, oldest first, with
    their replies and every author, in three queries (count, page, replies)."""
    query = (
        select(Comment)
        .where(_thread(show.id, episode), Comment.parent_id.is_(None))
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    )
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    replies: dict[int, list[Comment]] = {c.id: [] for c in pagination.items}
    if replies:
        for reply in db.session.scalars(
            select(Comment)
            .where(Comment.parent_id.in_(list(replies)))
            .options(joinedload(Comment.author))
            .order_by(Comment.created_at, Comment.id)
        ):
            replies[reply.parent_id].append(reply)
    return ThreadPage(pagination, replies)


def thread_page_of(comment: Comment) -> int:
    """The page of its thread a comment is on (a reply: its top-level comment's)."""
    top = comment if comment.parent_id is None else db.session.get(Comment, comment.parent_id)
    earlier = db.session.scalar(
        select(func.count(Comment.id)).where(
            _thread(top.show_id, top.episode),
            Comment.parent_id.is_(None),
            or_(
                Comment.created_at < top.created_at,
                and_(Comment.created_at == top.created_at, Comment.id <= top.id),
            ),
        )
    )
    return max(1, (earlier - 1) // PER_PAGE + 1)


def thread_counts_drift() -> list[str]:
    """Threads whose EpisodeThread.comment_count differs from the comments in them."""
    actual = _recounted()
    stored = {
        (row.show_id, row.episode): row.comment_count
        for row in db.session.execute(
            select(EpisodeThread.show_id, EpisodeThread.episode, EpisodeThread.comment_count)
        )
    }
    return [
        f"thread of show {show_id} episode {episode}: comment_count "
        f"{stored.get((show_id, episode), 0)}, recomputed {actual.get((show_id, episode), 0)}"
        for show_id, episode in sorted(set(actual) | set(stored))
        if stored.get((show_id, episode), 0) != actual.get((show_id, episode), 0)
    ]


def rebuild_thread_counts() -> int:
    """Overwrite every thread's comment_count with a recomputation; the number changed."""
    actual = _recounted()
    changed = 0
    for row in db.session.scalars(select(EpisodeThread).with_for_update()):
        count = actual.pop((row.show_id, row.episode), 0)
        if row.comment_count != count:
            row.comment_count = count
            changed += 1
    for (show_id, episode), count in actual.items():
        db.session.add(EpisodeThread(show_id=show_id, episode=episode, comment_count=count))
        changed += 1
    db.session.flush()
    return changed


def _recounted() -> dict[tuple[int, int], int]:
    rows = db.session.execute(
        select(Comment.show_id, Comment.episode, func.count(Comment.id))
        .where(Comment.show_id.is_not(None))
        .group_by(Comment.show_id, Comment.episode)
    )
    return {(show_id, episode): count for show_id, episode, count in rows}
