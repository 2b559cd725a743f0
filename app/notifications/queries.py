"""Reading notifications: the header's unread count and the /notifications page, whose
sentences are built here, at read time, from each subject and the reader's progress.

A notification about a comment in an episode's thread names the episode only when the
reader has reached it ("…in a thread of an episode of Run On you haven't reached");
excerpts drop every spoiler, and a thread comment's text (about its episode) is quoted
only to a reader who reached that episode.
"""

from dataclasses import dataclass

from flask import url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from app import places
from app.extensions import db
from app.markup.spoilers import excerpt
from app.models import Block, Notification
from app.progress.rules import Progress
from app.progress.service import progress_map

PER_PAGE = 30
UNREAD_CAP = 99  # the badge says "99+" beyond it, so counting stops there
EXCERPT_CHARS = 140
MODERATION_SENTENCES = {
    "comment_hide": "A moderator hid your comment {where}.",
    "comment_restore": "A moderator restored your comment {where}.",
    "comment_delete": "A moderator deleted your comment {where}.",
    "spoiler_retag": "A moderator tagged a spoiler in your {thing}.",
    "review_restore": "A moderator put your {thing} back in view after its hold.",
    "review_edit": "A moderator edited your {thing}.",
    "review_delete": "A moderator deleted your {thing}.",
    "user_ban": "A moderator banned your account.",
    "user_unban": "A moderator lifted your ban.",
    "showlist_hide": "A moderator hid one of your lists.",  # issue 18, lists
    "showlist_restore": "A moderator put one of your lists back in view.",
}


def _not_from_blocked(user_id: int):
    """Leave out what a member the reader blocked did (blocked after it was sent)."""
    return ~exists().where(Block.blocker_id == user_id, Block.blocked_id == Notification.actor_id)


def unread_count(user_id: int) -> int:
    """How many of the member's notifications are unread, counting at most UNREAD_CAP + 1:
    one indexed query whose work stops at the cap however many there are."""
    capped = (
        select(Notification.id)
        .where(
            Notification.recipient_id == user_id,
            Notification.read_at.is_(None),
            _not_from_blocked(user_id),
        )
        .limit(UNREAD_CAP + 1)
        .subquery()
    )
    return db.session.scalar(select(func.count()).select_from(capped))


def badge_text(count: int) -> str:
    """The header badge's number: "99+" beyond the cap."""
    return f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)


def notifications_page(user_id: int, page: int) -> Pagination:
    """A page of the member's notifications, newest first, with their subjects."""
    query = (
        select(Notification)
        .where(Notification.recipient_id == user_id, _not_from_blocked(user_id))
        .options(
            joinedload(Notification.actor),
            joinedload(Notification.show),
            joinedload(Notification.review),
            joinedload(Notification.comment),
        )
        .order_by(Notification.id.desc())
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def get_own_or_404(user_id: int, notification_id: int) -> Notification:
    """The member's notification `notification_id` with its subjects; 404 for another's."""
    return db.first_or_404(
        select(Notification)
        .where(Notification.id == notification_id, Notification.recipient_id == user_id)
        .options(joinedload(Notification.actor), joinedload(Notification.show),
                 joinedload(Notification.review), joinedload(Notification.comment))
    )  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One notification as its reader sees it: a sentence (text, escaped when output), a
    spoiler-free excerpt or "", where it leads (None: nowhere) and a moderator's reason."""

    id: int
    sentence: str
    excerpt: str
    url: str | None
    reason: str | None
    unread: bool
    created_at: object


def entries(items: list[Notification]) -> list[Entry]:
    """The reader's entries for `items`, with their progress on every show read in one
    query (app/progress/service.progress_map)."""
    progress = progress_map({item.show_id for item in items if item.show_id is not None})
    return [_entry(item, progress.get(item.show_id, Progress())) for item in items]


def _entry(item: Notification, progress: Progress) -> Entry:
    sentence, url = SENTENCES[item.kind](item, progress)
    return Entry(
        id=item.id,
        sentence=sentence,
        excerpt=_excerpt(item, progress),
        url=url,
        reason=item.reason if item.kind == "moderation" else None,
        unread=item.read_at is None,
        created_at=item.created_at,
    )


def _actor(item: Notification) -> str:
    return item.actor.username if item.actor is not None else "Someone"


def _thread_place(item: Notification, progress: Progress) -> str:
    """Where a thread comment is: its episode when the reader has reached it."""
    if progress.has_seen(item.episode):
        return f"on {item.show.title} episode {item.episode}"
    return f"in a thread of an episode of {item.show.title} you haven't reached"


def _comment_place(item: Notification, progress: Progress) -> str:
    if item.episode is not None:
        return _thread_place(item, progress)
    return f"under a review of {item.show.title}"


def _comment_url(item: Notification) -> str | None:
    return places.comment_url(item.comment) if item.comment is not None else None


def _commented(item: Notification, _progress: Progress) -> tuple[str, str | None]:
    return f"{_actor(item)} commented on your review of {item.show.title}.", _comment_url(item)


def _replied(item: Notification, progress: Progress) -> tuple[str, str | None]:
    place = _thread_place(item, progress)
    return f"{_actor(item)} replied to your comment {place}.", _comment_url(item)


def _helpful(item: Notification, _progress: Progress) -> tuple[str, str | None]:
    who = _actor(item) if item.count == 1 else f"{item.count} people"
    url = url_for("reviews.show", review_id=item.review_id) if item.review_id else None
    return f"{who} found your review of {item.show.title} helpful.", url


def _followed(item: Notification, _progress: Progress) -> tuple[str, str | None]:
    if item.actor is None:
        return "Someone followed you.", None
    return f"{item.actor.username} followed you.", url_for(
        "users.profile", username=item.actor.username
    )


def _moderation(item: Notification, progress: Progress) -> tuple[str, str | None]:
    template = MODERATION_SENTENCES.get(item.action, "A moderator acted on your {thing}.")
    if item.comment_id is not None:
        thing, url = f"comment {_comment_place(item, progress)}", _comment_url(item)
    elif item.review_id is not None:
        thing = f"review of {item.show.title}"
        url = url_for("reviews.show", review_id=item.review_id)
    elif item.show is not None:
        thing, url = f"review of {item.show.title}", url_for("shows.show", slug=item.show.slug)
    else:
        thing, url = "account", None
    where = _comment_place(item, progress) if item.comment_id is not None else ""
    return template.format(thing=thing, where=where), url


SENTENCES = {
    "comment": _commented,
    "reply": _replied,
    "helpful": _helpful,
    "follow": _followed,
    "moderation": _moderation,
}


def _excerpt(item: Notification, progress: Progress) -> str:
    """The start of a new comment's text, every spoiler dropped; none for a comment gone
    from view, held, or in the thread of an episode the reader has not reached."""
    comment = item.comment
    if item.kind not in ("comment", "reply") or comment is None:
        return ""
    if comment.status != "visible" or comment.is_held:
        return ""
    if comment.episode is not None and not progress.has_seen(comment.episode):
        return ""
    return excerpt(comment.segments, max_chars=EXCERPT_CHARS)
