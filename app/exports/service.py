"""A member's data as a zip of JSON (issue 19); docs/export-format.md describes it.

Every file is read with one query (or two, for lists and their items), however long the
member's history: the export costs a fixed number of statements. The member's own text
is written exactly as stored, spoiler markup included: it is theirs, nothing is gated.
"""

import io
import json
import zipfile
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.models import (
    SUBRATINGS,
    Block,
    Comment,
    EpisodeRating,
    Follow,
    ListItem,
    NotificationOptOut,
    Review,
    Show,
    ShowList,
    User,
    WatchEntry,
)
from app.models.user import as_utc, utcnow

FORMAT = "unspoiled-export"
VERSION = 1
# The files of a version-1 export, in the order they are written.
FILES = (
    "manifest.json",
    "profile.json",
    "progress.json",
    "reviews.json",
    "comments.json",
    "episode_ratings.json",
    "lists.json",
    "follows.json",
)


def iso(value: datetime | None) -> str | None:
    """`value` as an ISO 8601 string in UTC, or None."""
    return as_utc(value).isoformat() if value is not None else None


def download_name(user: User, when: datetime) -> str:
    """The file name a browser saves the export under: unspoiled-<username>-<date>.zip."""
    return f"unspoiled-{user.username}-{when.date().isoformat()}.zip"


def build_export(user: User, *, now: datetime | None = None) -> bytes:
    """The zip of everything `user` made, as docs/export-format.md describes it."""
    now = now or utcnow()
    manifest = {"format": FORMAT, "version": VERSION, "exported_at": iso(now),
                "username": user.username, "files": list(FILES[1:])}  # fmt: skip
    contents = {
        "manifest.json": manifest,
        "profile.json": _profile(user),
        "progress.json": _progress(user),
        "reviews.json": _reviews(user),
        "comments.json": _comments(user),
        "episode_ratings.json": _episode_ratings(user),
        "lists.json": _lists(user),
        "follows.json": _follows(user),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            text = json.dumps(contents[name], ensure_ascii=False, indent=1)
            archive.writestr(zipfile.ZipInfo(name, _zip_time(now)), text + "\n",
                             compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return buffer.getvalue()


def _zip_time(now: datetime) -> tuple[int, int, int, int, int, int]:
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)


def _profile(user: User) -> dict:
    opted_out = db.session.scalars(
        select(NotificationOptOut.kind)
        .where(NotificationOptOut.user_id == user.id)
        .order_by(NotificationOptOut.kind)
    )
    return {
        "username": user.username,
        "email": user.email,
        "email_verified_at": iso(user.email_verified_at),
        "created_at": iso(user.created_at),
        "is_list_public": user.is_list_public,
        "hide_numbers_percent": user.hide_numbers_percent,
        "notifications_off": list(opted_out),
    }


def _progress(user: User) -> list[dict]:
    rows = db.session.execute(
        select(WatchEntry, Show)
        .join(Show, Show.id == WatchEntry.show_id)
        .where(WatchEntry.user_id == user.id)
        .order_by(WatchEntry.updated_at, WatchEntry.id)
    )
    return [
        {
            "slug": show.slug,
            "title": show.title,
            "native_title": show.native_title,
            "year": show.year,
            "episode_count": show.episode_count,
            "episodes_watched": entry.episodes_watched,
            "status": entry.status,
            "score": entry.score,
            "hide_numbers_until": entry.hide_numbers_until,
            "updated_at": iso(entry.updated_at),
        }
        for entry, show in rows
    ]


def _reviews(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Review, Show.slug, Show.title)
        .join(Show, Show.id == Review.show_id)
        .where(Review.author_id == user.id)
        .order_by(Review.created_at, Review.id)
    )
    return [
        {
            "slug": slug,
            "show_title": show_title,
            "title": review.title,
            "body": review.body,
            "episodes_watched": review.episodes_watched,
            "rating_overall": review.rating_overall,
            **{f"rating_{name}": getattr(review, f"rating_{name}") for name in SUBRATINGS},
            "status": "held" if review.held_at is not None else "published",
            "helpful_count": review.helpful_count,
            "created_at": iso(review.created_at),
            "updated_at": iso(review.edited_at),
        }
        for review, slug, show_title in rows
    ]


def _comments(user: User) -> list[dict]:
    review_show = aliased(Show)
    thread_show = aliased(Show)
    reviewer = aliased(User)
    rows = db.session.execute(
        select(Comment, Review.title, reviewer.username, review_show.slug, thread_show.slug)
        .outerjoin(Review, Review.id == Comment.review_id)
        .outerjoin(reviewer, reviewer.id == Review.author_id)
        .outerjoin(review_show, review_show.id == Review.show_id)
        .outerjoin(thread_show, thread_show.id == Comment.show_id)
        .where(Comment.author_id == user.id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [
        {
            "where": _comment_place(comment, review_title, review_author, review_slug, slug),
            "body": comment.body,
            "written_at_episode": comment.written_at_episode,
            "status": comment.status,
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.edited_at),
        }
        for comment, review_title, review_author, review_slug, slug in rows
    ]


def _comment_place(comment: Comment, review_title, review_author, review_slug, slug) -> dict:
    if comment.review_id is not None:
        return {"kind": "review", "review_id": comment.review_id, "slug": review_slug,
                "review_title": review_title, "review_author": review_author}  # fmt: skip
    return {"kind": "episode", "slug": slug, "episode": comment.episode,
            "reply_to": comment.parent_id}  # fmt: skip


def _episode_ratings(user: User) -> list[dict]:
    rows = db.session.execute(
        select(EpisodeRating, Show.slug)
        .join(Show, Show.id == EpisodeRating.show_id)
        .where(EpisodeRating.user_id == user.id)
        .order_by(Show.slug, EpisodeRating.episode)
    )
    return [
        {
            "slug": slug,
            "episode": rating.episode,
            "rating": rating.rating,
            "updated_at": iso(rating.updated_at),
        }  # fmt: skip
        for rating, slug in rows
    ]


def _lists(user: User) -> list[dict]:
    lists = db.session.scalars(
        select(ShowList)
        .where(ShowList.owner_id == user.id)
        .order_by(ShowList.id)
        .options(selectinload(ShowList.items).joinedload(ListItem.show))
    )
    return [
        {
            "name": show_list.name,
            "description": show_list.description,
            "is_public": show_list.is_public,
            "created_at": iso(show_list.created_at),
            "items": [{"slug": item.show.slug, "note": item.note} for item in show_list.items],
        }
        for show_list in lists
    ]


def _follows(user: User) -> dict[str, list[str]]:
    """Who the member follows, who follows them and whom they blocked, by username
    (members who deleted their account are left out: nothing of them remains)."""
    other = aliased(User)
    live = other.deleted_at.is_(None)
    following = select(other.username).join(Follow, Follow.followed_id == other.id)
    followers = select(other.username).join(Follow, Follow.follower_id == other.id)
    blocked = select(other.username).join(Block, Block.blocked_id == other.id)
    return {
        "following": _names(following.where(Follow.follower_id == user.id, live)),
        "followers": _names(followers.where(Follow.followed_id == user.id, live)),
        "blocked": _names(blocked.where(Block.blocker_id == user.id, live)),
    }


def _names(statement) -> list[str]:
    return list(db.session.scalars(statement.order_by(statement.selected_columns[0])))
