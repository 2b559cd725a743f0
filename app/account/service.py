"""Deleting an account (issue 19). It flushes; the view commits.

Everything personal goes in one transaction. The `user` row itself stays as a tombstone
(`deleted_at` set, name, address and password replaced by nothing anyone can use), so
the reviews and comments a member chose to keep, the moderation log and edit histories
still point at a row: pages sign them "a former member" (`User.display_name`).
"""

import logging
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, or_, select, update

from app import images, pagecache
from app.extensions import db
from app.lists import service as lists_service
from app.models import (
    Activity,
    Block,
    Comment,
    CommentRevision,
    EpisodeRating,
    Follow,
    HelpfulVote,
    HistoryImport,
    Notification,
    NotificationOptOut,
    ProgressEvent,
    Report,
    Review,
    ReviewReveal,
    ShowList,
    User,
    WatchEntry,
)
from app.models.user import new_session_token, utcnow
from app.ratings import stats as episode_stats
from app.reviews import service as reviews_service
from app.scores import service as scores

log = logging.getLogger(__name__)
# Notifications whose actor leaves but which tell the recipient about others too: a
# moderator's notice (the moderator is never named) and helpful votes batched with others'.
# They stay, with no actor; every other notification the member caused goes.
KEPT_WITHOUT_ACTOR = or_(
    Notification.kind == "moderation",
    (Notification.kind == "helpful") & (Notification.count > 1),
)
UNUSABLE_HASH_PREFIX = "!"  # no hashing method starts so: check_password_hash says False


def delete_account(user: User, *, keep_content: bool) -> str | None:
    """Delete `user`'s account: their scores and episode ratings leave the statistics,
    their votes, reveals, ties, notifications, lists and the rest are deleted, and their
    reviews and comments too unless `keep_content`. The row becomes a tombstone and every
    session of theirs ends. Returns the avatar key whose files the caller removes once
    the transaction is committed (`remove_avatar_files`), or None."""
    scores.lock_member(user.id)
    if not keep_content:
        _remove_reviews(user)
        _remove_comments(user)
    _leave_score_statistics(user)
    _leave_episode_statistics(user)
    _withdraw_helpful_votes(user)
    _delete_lists(user)
    _delete_personal_rows(user)
    avatar_key = user.avatar_key
    _tombstone(user)
    db.session.flush()
    log.info("account deleted", extra={"user": user.id, "kept_content": keep_content})
    return avatar_key


def _remove_reviews(user: User) -> None:
    """Each review as its author deleting it: sub-ratings leave the statistics, and its
    votes, comments and revisions go with it."""
    reviews = db.session.scalars(select(Review).where(Review.author_id == user.id)).all()
    for review in reviews:
        reviews_service.delete_review(review)


def _remove_comments(user: User) -> None:
    """Each comment as its author deleting it: it keeps its place ("Comment deleted"),
    so replies by others stay and thread counts do not move, but its text is gone."""
    comment_ids = select(Comment.id).where(Comment.author_id == user.id)
    db.session.execute(
        delete(CommentRevision)
        .where(CommentRevision.comment_id.in_(comment_ids))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Comment)
        .where(Comment.author_id == user.id)
        .values(status="deleted", body="", segments=[], edited_at=None)
        .execution_options(synchronize_session=False)
    )


def _leave_score_statistics(user: User) -> None:
    """Each watch entry deleted under `scores.tracking`: a counted score (and its
    review's sub-ratings) leaves the show's statistics by the same delta as any change."""
    entries = db.session.scalars(
        select(WatchEntry).where(WatchEntry.user_id == user.id).order_by(WatchEntry.show_id)
    )
    for entry in entries.all():
        with scores.tracking(user, entry.show):
            db.session.delete(entry)


def _leave_episode_statistics(user: User) -> None:
    """Counted episode ratings leave EpisodeStats (a banned member's never counted)."""
    ratings = episode_stats.member_ratings(user.id)
    if not user.is_banned:
        episode_stats.move_member(ratings, counted=False)
    db.session.execute(delete(EpisodeRating).where(EpisodeRating.user_id == user.id))


def _withdraw_helpful_votes(user: User) -> None:
    """Their helpful votes go, and each review's count drops by one (atomic UPDATE)."""
    voted = db.session.execute(
        select(Review.id, Review.show_id)
        .join(HelpfulVote, HelpfulVote.review_id == Review.id)
        .where(HelpfulVote.user_id == user.id)
    ).all()
    if not voted:
        return
    db.session.execute(
        update(Review)
        .where(Review.id.in_([review_id for review_id, _ in voted]))
        .values(helpful_count=Review.helpful_count - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(delete(HelpfulVote).where(HelpfulVote.user_id == user.id))
    for show_id in {show_id for _, show_id in voted}:
        pagecache.changed(db.session, show_id)


def _delete_lists(user: User) -> None:
    """Their lists with their items; the shows' pages recount "in N lists"."""
    owned = db.session.scalars(select(ShowList).where(ShowList.owner_id == user.id)).all()
    for show_list in owned:
        lists_service.note_shows(show_list)
        db.session.delete(show_list)


def _delete_personal_rows(user: User) -> None:
    """Ties, reveals, feed items, progress history, notifications, opt-outs, open
    reports and staged imports. Resolved reports stay with the moderators' record."""
    me = user.id
    for statement in (
        delete(Follow).where(or_(Follow.follower_id == me, Follow.followed_id == me)),
        delete(Block).where(or_(Block.blocker_id == me, Block.blocked_id == me)),
        delete(ReviewReveal).where(ReviewReveal.user_id == me),
        delete(Activity).where(Activity.actor_id == me),
        delete(ProgressEvent).where(ProgressEvent.user_id == me),
        delete(Notification).where(Notification.recipient_id == me),
        delete(Notification).where(Notification.actor_id == me, ~KEPT_WITHOUT_ACTOR),
        update(Notification).where(Notification.actor_id == me).values(actor_id=None),
        delete(NotificationOptOut).where(NotificationOptOut.user_id == me),
        delete(Report).where(Report.reporter_id == me, Report.status == "open"),
        delete(HistoryImport).where(HistoryImport.user_id == me),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))


def _tombstone(user: User) -> None:
    """Nothing left to sign in with or to find: a name and an address nobody can type
    (sign-up refuses "~"; ".invalid" is reserved), an unusable password, a new session
    token (every session and remember-me cookie ends), no picture, role or ban."""
    for show_id in db.session.scalars(
        select(Review.show_id).where(Review.author_id == user.id).distinct()
    ):
        pagecache.changed(db.session, show_id)  # cached review cards show the byline
    user.username = f"~{secrets.token_hex(12)}"
    user.email = f"{secrets.token_hex(12)}@deleted.invalid"
    user.password_hash = UNUSABLE_HASH_PREFIX + secrets.token_hex(16)
    user.session_token = new_session_token()
    user.avatar_key = None
    user.role = "user"
    user.is_banned = False
    user.ban_reason = None
    user.banned_until = None
    user.hide_numbers_percent = None
    user.email_verified_at = None
    user.deleted_at = utcnow()


def remove_avatar_files(avatar_key: str | None) -> int:
    """Delete the files of a deleted member's picture unless another member uses the same
    one (names are content hashes); the number of files removed. Called after commit, so
    a rolled-back deletion never loses a picture that is still shown."""
    if avatar_key is None or not images.FILE_NAME.fullmatch(images.file_name(avatar_key, 48)):
        return 0
    if db.session.scalar(select(User.id).where(User.avatar_key == avatar_key).limit(1)):
        return 0
    folder = Path(current_app.config["MEDIA_FOLDER"])
    removed = 0
    for width in images.AVATAR.widths:
        path = folder / images.file_name(avatar_key, width)
        if path.exists():
            path.unlink()
            removed += 1
    return removed
