"""Sending notifications, and reading them as read (issue 18). They flush; views commit.

A notification stores who did what to which subject (ids), never a sentence: the text
is built when the recipient reads it (app/notifications/queries.py), from the subject
and their progress then. Nobody is told about what they did themselves, nor about what
a member they blocked did; kinds a member turned off (OPTIONAL_KINDS) are not sent.
A moderator's action always reaches the author, with the reason.
"""

from sqlalchemy import Integer, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Comment, Notification, NotificationOptOut, Review, ShowList, User
from app.models.notification import OPTIONAL_KINDS, UNREAD_HELPFUL
from app.models.user import utcnow
from app.users.queries import is_blocked

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
SUBJECT_COLUMNS = {"comment": "comment_id", "reply": "comment_id", "helpful": "review_id"}


def notify(
    recipient_id: int,
    kind: str,
    *,
    actor_id: int | None = None,
    subject_id: int | None = None,
    **subject,
) -> bool:
    """Tell a member something happened; True when a notification was written.

    `kind` is one of NOTIFICATION_KINDS: "follow" (`actor_id` followed them), "comment"
    and "reply" (`comment_id`), "helpful" (`review_id`: batched, one unread row per
    review whose count rises), "moderation" (`action`, `reason` and the subject).
    `subject_id` is the kind's subject (the comment, or the reviewed review) for callers
    that name it so; `subject` takes the columns themselves (review_id, comment_id,
    show_id, episode, action, reason)."""
    if subject_id is not None and kind in SUBJECT_COLUMNS:
        subject.setdefault(SUBJECT_COLUMNS[kind], subject_id)
    if not wanted(recipient_id, kind, actor_id):
        return False
    if kind == "helpful":
        _count_helpful(recipient_id, actor_id, subject["review_id"], subject.get("show_id"))
        return True
    db.session.add(Notification(recipient_id=recipient_id, kind=kind, actor_id=actor_id, **subject))
    db.session.flush()
    return True


def wanted(recipient_id: int, kind: str, actor_id: int | None) -> bool:
    """False for what the recipient did themselves, what a member they blocked did, and
    a kind they turned off; a moderator's action is always wanted (but not one on
    their own content)."""
    if actor_id == recipient_id:
        return False
    if kind == "moderation":
        return True
    if actor_id is not None and is_blocked(recipient_id, actor_id):
        return False
    return kind not in opted_out(recipient_id)


def _count_helpful(recipient_id: int, actor_id: int | None, review_id: int, show_id) -> None:
    """One more voter on the review's unread helpful row (a new row when none is
    unread): one atomic upsert on the partial unique index, so simultaneous voters each
    count. The same voter toggling on again at once is not counted twice."""
    insert = INSERTS[db.session.get_bind().dialect.name](Notification)
    table = Notification.__table__
    db.session.execute(
        insert.values(
            recipient_id=recipient_id, kind="helpful", actor_id=actor_id, review_id=review_id,
            show_id=show_id, count=1, created_at=utcnow(),
        ).on_conflict_do_update(
            index_elements=["recipient_id", "review_id"],
            index_where=UNREAD_HELPFUL,
            set_={
                "count": table.c.count + table.c.actor_id.is_distinct_from(actor_id).cast(Integer),
                "actor_id": actor_id,
                "created_at": utcnow(),
            },
        )
    )  # fmt: skip


def comment_posted(comment: Comment) -> None:
    """A new comment: its review's author hears of a comment, a reply's top-level
    comment's author of the reply."""
    if comment.review_id is not None:
        review = comment.review
        notify(review.author_id, "comment", actor_id=comment.author_id, comment_id=comment.id,
               review_id=review.id, show_id=review.show_id)  # fmt: skip
    elif comment.parent is not None:
        notify(comment.parent.author_id, "reply", actor_id=comment.author_id,
               comment_id=comment.id, show_id=comment.show_id, episode=comment.episode)  # fmt: skip


def helpful_voted(review: Review, voter: User) -> None:
    """A new helpful vote on `review` (an un-vote takes nothing back: the count says how
    many people found it helpful since the author last read their notifications)."""
    notify(review.author_id, "helpful", actor_id=voter.id, review_id=review.id,
           show_id=review.show_id)  # fmt: skip


def moderated(target, actor: User, action: str, *, reason: str | None) -> None:
    """A moderator's `action` on `target` (a Comment, Review or User) reaches its author,
    with the reason. A review's deletion keeps only its show (the review is gone)."""
    if isinstance(target, User):
        notify(target.id, "moderation", actor_id=actor.id, action=action, reason=reason)
    elif isinstance(target, Comment):
        notify(target.author_id, "moderation", actor_id=actor.id, action=action, reason=reason,
               comment_id=target.id, show_id=target.show.id, episode=target.episode)  # fmt: skip
    elif isinstance(target, ShowList):  # a list of shows (issue 18, lists): its owner hears
        notify(target.owner_id, "moderation", actor_id=actor.id, action=action, reason=reason)
    else:
        kept = None if action == "review_delete" else target.id
        notify(target.author_id, "moderation", actor_id=actor.id, action=action, reason=reason,
               review_id=kept, show_id=target.show_id)  # fmt: skip


def opted_out(user_id: int) -> set[str]:
    """The kinds `user_id` turned off."""
    return set(
        db.session.scalars(
            select(NotificationOptOut.kind).where(NotificationOptOut.user_id == user_id)
        )
    )


def set_opt_outs(user: User, kinds: set[str]) -> None:
    """Turn off exactly `kinds` (of OPTIONAL_KINDS) for `user`, the others on."""
    off = {kind for kind in kinds if kind in OPTIONAL_KINDS}
    db.session.execute(delete(NotificationOptOut).where(NotificationOptOut.user_id == user.id))
    db.session.add_all(NotificationOptOut(user_id=user.id, kind=kind) for kind in sorted(off))
    db.session.flush()


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of `user`'s notifications read (`notification_id`), or all of them; the
    number marked. Another member's notification is not theirs to mark: nothing."""
    query = update(Notification).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    marked = db.session.execute(
        query.values(read_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    db.session.flush()
    return marked
