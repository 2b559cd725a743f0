"""Holding reported spoilers out of view until a moderator comes. They flush only.

When SPOILER_HOLD_REPORTS different members have open `unmarked_spoiler` reports of the
same review or comment, it is held: `held_at` is set in the transaction of the report
that reaches the number, and only its author and moderators read it
(`permissions.can_see_held`; everywhere else it shows `gating.HELD_NOTICE`). A
moderator's restore, re-tag or removal ends the hold (app/moderation/service.py), and so
does closing its last open unmarked-spoiler report, so nothing stays held outside the
queue. Holding a review changes its show's page: the ORM listeners of app/pagecache.py
see the write to `review`.
"""

from flask import current_app
from sqlalchemy import distinct, func, select

from app.extensions import db
from app.models import Comment, Report, Review, ShowList
from app.models.user import utcnow
from app.moderation.actionlog import record

REASON = "unmarked_spoiler"


def reports_of(target: Review | Comment):
    """The condition selecting the reports of `target` (a list of shows too)."""
    if isinstance(target, Review):
        return Report.review_id == target.id
    if isinstance(target, ShowList):
        return Report.list_id == target.id
    return Report.comment_id == target.id


def spoiler_reporters(target: Review | Comment) -> int:
    """How many different members have an open unmarked-spoiler report of `target`."""
    return db.session.scalar(
        select(func.count(distinct(Report.reporter_id))).where(
            reports_of(target), Report.reason == REASON, Report.status == "open"
        )
    )


def hold_if_reported(target: Review | Comment) -> bool:
    """Hold `target` if its open unmarked-spoiler reports now come from enough members;
    True when this call held it.

    The caller took the target's row lock before writing its report, so reports sent at
    once are counted one after another, each seeing those committed before it: none
    misses the number (on PostgreSQL, read committed re-reads per statement)."""
    if target.held_at is not None:
        return False
    reporters = spoiler_reporters(target)
    if reporters < current_app.config["SPOILER_HOLD_REPORTS"]:
        return False
    target.held_at = utcnow()
    reason = f"reported as an unmarked spoiler by {reporters} members"
    record(None, f"{type(target).__name__.lower()}_held", target, reason=reason)
    return True


def release_if_unreported(target: Review | Comment) -> None:
    """End the hold of `target` once no open unmarked-spoiler report of it remains (a
    moderator closed the last one): a held item never leaves the queue still held."""
    if target.held_at is not None and spoiler_reporters(target) == 0:
        target.held_at = None
