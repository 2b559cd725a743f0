"""Reports and moderator actions, each logged (a ban that hides comments logs each
comment too). They flush only."""

import difflib

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import Conflict

from app.comments.service import replace_text
from app.extensions import db
from app.lists import service as list_service
from app.markup import render_document
from app.markup.retag import wrap_paragraphs, wrap_passage
from app.models import Comment, Report, Review, ShowList, User
from app.models.user import utcnow
from app.moderation import bans, holds
from app.moderation.actionlog import record
from app.notifications import service as notifications
from app.permissions import NotAllowed, acts_as_moderator, can_ban, can_report, ensure
from app.reviews import service as review_service
from app.reviews.service import ReviewDraft, ensure_can_post, update_review
from app.scores import service as scores


class AlreadyReported(Conflict):
    """The reader has an open report of this target already."""


def report(
    target: Comment | Review | ShowList, reporter: User, *, reason: str, note: str
) -> Report:
    """File a report; one open report per reader and target (the reader's lock keeps
    it so when the same report is sent twice at once). Members report only what others
    wrote: NotAllowed (403) otherwise. An unmarked-spoiler report may hold the target
    (app/moderation/holds.py): its row is locked before the report is written, so
    simultaneous reports are counted one after another."""
    ensure_can_post(reporter)
    ensure(can_report(reporter, target), "You cannot report what you wrote.")
    scores.lock_member(reporter.id)
    if reason == holds.REASON:
        _lock(target)
    open_report = db.session.scalar(
        select(Report.id).where(
            holds.reports_of(target), Report.reporter_id == reporter.id, Report.status == "open"
        )
    )
    if open_report is not None:
        raise AlreadyReported("You have reported this already; a moderator will look at it.")
    item = Report(reporter=reporter, reason=reason, note=note.strip())
    if isinstance(target, Comment):
        item.comment = target
    elif isinstance(target, ShowList):
        item.show_list = target
    else:
        item.review = target
    db.session.add(item)
    db.session.flush()
    if reason == holds.REASON and holds.hold_if_reported(target) and isinstance(target, ShowList):
        list_service.note_shows(target)  # a held list stops counting on show pages
    return item


def _lock(target) -> None:
    """Re-read `target` under a row lock: an action on it sent twice at once (a double
    click, two moderators) finishes first, and the checks that follow see its result."""
    model = type(target)
    db.session.scalars(
        select(model)
        .where(model.id == target.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


# action: (status it requires or None for any, new status, message when not allowed)
COMMENT_TRANSITIONS = {
    "hide": ("visible", "hidden", "Only a visible comment can be hidden."),
    "restore": ("hidden", "visible", "Only a hidden comment can be restored."),
    "delete": (None, "deleted", ""),
}


def change_comment(comment: Comment, actor: User, action: str, *, reason: str) -> None:
    """Hide, restore or delete a comment, and log it. Restoring a comment held for
    review puts it back in view (`restore_held`); hiding or deleting one ends its hold
    too (it is out of view either way, and its reports are resolved)."""
    _lock(comment)
    if action == "restore" and comment.is_held and comment.status == "visible":
        restore_held(comment, actor, reason=reason)
        return
    required, new_status, refusal = COMMENT_TRANSITIONS[action]
    if required is not None and comment.status != required:
        raise Conflict(refusal)
    comment.status = new_status
    comment.held_at = None
    _close_reports(Report.comment_id == comment.id, actor, "resolved")
    record(actor, f"comment_{action}", comment, reason=reason)
    notifications.moderated(comment, actor, f"comment_{action}", reason=reason)


LIST_TRANSITIONS = {
    "hide": ("visible", "hidden", "Only a visible list can be hidden."),
    "restore": ("hidden", "visible", "Only a hidden list can be restored."),
}


def change_list(show_list: ShowList, actor: User, action: str, *, reason: str) -> None:
    """Hide or restore a list of shows, and log it; its reports are resolved. Restoring
    a held (not hidden) list puts it back in view (`restore_held`). Hidden, a list is
    its owner's and the moderators' only, and stops counting on show pages."""
    _ensure_not_own(actor, show_list)
    _lock(show_list)
    if action == "restore" and show_list.is_held and show_list.status == "visible":
        restore_held(show_list, actor, reason=reason)
        list_service.note_shows(show_list)
        return
    required, new_status, refusal = LIST_TRANSITIONS[action]
    if show_list.status != required:
        raise Conflict(refusal)
    show_list.status = new_status
    show_list.held_at = None
    _close_reports(Report.list_id == show_list.id, actor, "resolved")
    list_service.note_shows(show_list)
    record(actor, f"showlist_{action}", show_list, reason=reason)
    notifications.moderated(show_list, actor, f"showlist_{action}", reason=reason)


def ensure_can_ban(actor: User, target: User) -> None:
    """Raise NotAllowed, with the reason, unless `actor` may ban `target`."""
    if not can_ban(actor, target):
        if target.role == "moderator" and target.id != actor.id:
            raise NotAllowed("Only an admin can ban a moderator.")
        raise NotAllowed("That account cannot be banned.")


def ban(target: User, actor: User, *, reason: str, until: str, hide_recent: bool = False) -> int:
    """Ban a member for `until` (a bans.DURATIONS key); their scores leave the
    statistics. With `hide_recent`, also hide their visible comments of the last 24
    hours (each logged, its reports resolved). The number of comments hidden."""
    ensure_can_ban(actor, target)
    _lock(target)
    bans.end_if_over(target)  # an ended ban is lifted first, then replaced
    if target.is_banned:
        raise Conflict("That member is already banned.")
    ends = bans.ends_at(until)
    scores.set_banned(target, True, reason=reason, until=ends)
    hidden = _hide_recent_comments(target, actor, reason=reason) if hide_recent else 0
    details = {"until": ends.isoformat(timespec="minutes") if ends else "permanent"}
    record(actor, "user_ban", target, reason=reason, details=details | {"hidden": hidden})
    notifications.moderated(target, actor, "user_ban", reason=reason)
    return hidden


def unban(target: User, actor: User, *, reason: str) -> None:
    """Lift a member's ban before it ends; their scores rejoin the statistics."""
    ensure_can_ban(actor, target)
    _lock(target)
    if not target.is_banned:
        raise Conflict("That member is not banned.")
    scores.set_banned(target, False)
    record(actor, "user_unban", target, reason=reason)
    notifications.moderated(target, actor, "user_unban", reason=reason)


def _hide_recent_comments(author: User, actor: User, *, reason: str) -> int:
    since = utcnow() - bans.RECENT
    recent = db.session.scalars(
        select(Comment)
        .where(
            Comment.author_id == author.id,
            Comment.status == "visible",
            Comment.created_at >= since,
        )
        .order_by(Comment.id)
        .with_for_update()
    ).all()
    for comment in recent:
        comment.status = "hidden"
        _close_reports(Report.comment_id == comment.id, actor, "resolved")
        note = f"Hidden with the ban of {author.username}: {reason}"
        record(actor, "comment_hide", comment, reason=note)
    return len(recent)


def restore_held(target: Review | Comment, actor: User, *, reason: str) -> None:
    """Put a review or comment held for review back in view: the moderator found no
    spoiler to hide, so its unmarked-spoiler reports are dismissed (others stay open).
    Another moderator decides on a moderator's own held text."""
    _ensure_not_own(actor, target)
    _lock(target)
    if target.held_at is None:
        raise Conflict("That is not held for review.")
    target.held_at = None
    _close_reports(holds.reports_of(target) & (Report.reason == holds.REASON), actor, "dismissed")
    action = f"{type(target).__name__.lower()}_restore"
    record(actor, action, target, reason=reason)
    notifications.moderated(target, actor, action, reason=reason)


def close_report(item: Report, actor: User, *, status: str, reason: str) -> None:
    """Resolve or dismiss one open report; closing the last unmarked-spoiler report of
    a held item ends its hold. The target is locked before the report, in the order
    every other action takes them."""
    target = item.target
    _ensure_not_own(actor, target)
    _lock(target)
    _lock(item)
    if item.status != "open":
        raise Conflict("This report is closed already.")
    _close_reports(Report.id == item.id, actor, status)
    record(actor, f"report_{status}", item, reason=reason)
    holds.release_if_unreported(target)


def _ensure_not_own(actor: User, target: Review | Comment) -> None:
    """A moderator does not judge reports of what they wrote, nor release its hold."""
    ensure(acts_as_moderator(actor, target), "Another moderator decides on what you wrote.")


def _close_reports(condition, actor: User, status: str) -> None:
    for item in db.session.scalars(select(Report).where(condition, Report.status == "open")):
        item.status = status
        item.resolved_by_id = actor.id
        item.resolved_at = utcnow()


def show_of(target: Review | Comment):
    """The show a review or comment (under a review or in a thread) is about."""
    return target.show


def retag(
    target: Review | Comment,
    actor: User,
    *,
    episode: int,
    reason: str,
    paragraphs: list[int] | None = None,
    passage: str = "",
) -> None:
    """Wrap the chosen `paragraphs` (numbers from 1) or else the first occurrence of
    `passage` as a spoiler for `episode`; resolve the target's reports, end its hold,
    and log the diff.

    A review keeps its URL, votes and comments and gains a revision; readers see
    "spoiler tagged by a moderator" (`spoiler_tagged_at`), not "edited". Raises
    RetagError (no such paragraph, passage not in the text) or SpoilerSyntaxError (the
    result does not parse: inside another spoiler, an episode out of range).
    """
    _ensure_not_own(actor, target)
    if paragraphs:
        new_body = wrap_paragraphs(target.body, paragraphs, episode=episode)
    else:
        new_body = wrap_passage(target.body, passage, episode=episode)
    diff = _diff(target.body, new_body)
    segments = render_document(new_body, episode_count=show_of(target).episode_count)
    if isinstance(target, Review):
        update_review(target, actor, _same_draft(target, new_body, segments), reason=reason)
    else:
        replace_text(target, actor, new_body, segments, reason=reason)
    target.spoiler_tagged_at = target.edited_at
    target.held_at = None
    _close_reports(holds.reports_of(target), actor, "resolved")
    record(
        actor, "spoiler_retag", target, reason=reason, details={"episode": episode, "diff": diff}
    )
    notifications.moderated(target, actor, "spoiler_retag", reason=reason)


def _diff(old: str, new: str) -> str:
    return "\n".join(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))


def edit_review(review: Review, editor: User, draft: ReviewDraft, *, reason: str | None) -> None:
    """Save an edit of a review by its author or a moderator. A moderator's edit of
    someone else's review keeps `reason` on the revision and logs it, with the diff."""
    if not acts_as_moderator(editor, review):
        update_review(review, editor, draft)
        return
    update_review(review, editor, draft, reason=reason)
    old = review.revisions[-1]
    diff = _diff(f"{old.title}\n\n{old.body}", f"{review.title}\n\n{review.body}")
    record(editor, "review_edit", review, reason=reason, details={"diff": diff})
    notifications.moderated(review, editor, "review_edit", reason=reason)


def delete_review(review: Review, actor: User, *, reason: str | None) -> None:
    """Delete a review (its author or a moderator); a moderator's deletion of someone
    else's review is logged with `reason` (the entry keeps its title and author), once
    even when the same deletion is sent twice at once."""
    if review_service.delete_review(review) and acts_as_moderator(actor, review):
        record(actor, "review_delete", review, reason=reason)
        notifications.moderated(review, actor, "review_delete", reason=reason)


def _same_draft(review: Review, body: str, segments: list) -> ReviewDraft:
    return ReviewDraft(
        title=review.title,
        body=body,
        segments=segments,
        episodes_watched=review.episodes_watched,
        rating_overall=review.rating_overall,
        subratings=review.subratings(),
    )


def open_reports() -> list[Report]:
    """Open reports, oldest first, with their targets loaded (the /mod queue)."""
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.status == "open")
            .options(
                joinedload(Report.reporter),
                joinedload(Report.comment).joinedload(Comment.author),
                joinedload(Report.comment).joinedload(Comment.review).joinedload(Review.show),
                joinedload(Report.comment).joinedload(Comment.thread_show),
                joinedload(Report.review).joinedload(Review.show),
                joinedload(Report.review).joinedload(Review.author),
                joinedload(Report.show_list).joinedload(ShowList.owner),
            )
            .order_by(Report.created_at, Report.id)
        ).unique()
    )


def queue() -> dict[tuple[str, int], list[Report]]:
    """Open reports grouped by what they report, ("comment", "review" or "list", id):
    items held for review first, then oldest first."""
    groups: dict[tuple[str, int], list[Report]] = {}
    for item in open_reports():
        if item.comment_id:
            key = ("comment", item.comment_id)
        elif item.list_id:
            key = ("list", item.list_id)
        else:
            key = ("review", item.review_id)
        groups.setdefault(key, []).append(item)
    held_first = sorted(groups.items(), key=lambda group: not group[1][0].target.is_held)
    return dict(held_first)
