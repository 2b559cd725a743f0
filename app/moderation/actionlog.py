"""The moderation log's writer: one entry per action, by a moderator or by the site."""

import logging

from app.extensions import db
from app.models import Comment, ModerationAction, Review, ShowList, User

log = logging.getLogger(__name__)


def record(
    actor: User | None, action: str, target, *, reason: str, details: dict | None = None
) -> None:
    """Append one entry to the moderation log (and the application log). `actor` is None
    for what the site does by itself (ModerationAction.SITE_ACTIONS)."""
    target_type = type(target).__name__.lower()
    entry = ModerationAction(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target.id,
        target_label=_label(target),
        reason=reason,
        details=details or {},
    )
    db.session.add(entry)
    db.session.flush()
    log.info(
        "moderation %s",
        action,
        extra={"actor": actor.id if actor is not None else None, target_type: target.id},
    )


def _label(target) -> str:
    if isinstance(target, User):
        return target.username
    if isinstance(target, Comment):
        return _comment_label(target)
    if isinstance(target, Review):
        return f"review “{target.title}” by {target.author.display_name}"[:200]
    if isinstance(target, ShowList):
        return f"list “{target.name}” by {target.owner.display_name}"[:200]
    return f"report {target.id}"


def _comment_label(comment: Comment) -> str:
    """A comment by who, where: "on review 12", or "on episode 3 of <show>" in a thread."""
    if comment.in_thread:
        place = f"on episode {comment.episode} of {comment.show.title}"
    else:
        place = f"on review {comment.review_id}"
    return f"comment by {comment.author.display_name} {place}"[:200]
