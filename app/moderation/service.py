"""Reports and moderator actions; every action writes one log entry. They flush only."""

import difflib
import logging

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import Conflict, NotFound

from app.comments.service import replace_text
from app.extensions import db
from app.markup import render_document
from app.models import Comment, ModerationAction, Report, Review, User
from app.models.user import utcnow
from app.permissions import NotAllowed, acts_as_moderator, can_ban, can_report, ensure
from app.reviews import service as review_service
from app.reviews.service import ReviewDraft, ensure_can_post, update_review
from app.scores import service as scores

log = logging.getLogger(__name__)


class AlreadyReported(Conflict):
    """The reader has an open report of this target already."""


def report(target: Comment | Review, reporter: User, *, reason: str, note: str) -> Report:
    """File a report; one open report per reader and target (the reader's lock keeps
    it so when the same report is sent twice at once). Members report only what others
    wrote: NotAllowed (403) otherwise."""
    ensure_can_post(reporter)
    ensure(can_report(reporter, target), "You cannot report what you wrote.")
    scores.lock_member(reporter.id)
    column = Report.comment_id if isinstance(target, Comment) else Report.review_id
    open_report = db.session.scalar(
        select(Report.id).where(
            column == target.id, Report.reporter_id == reporter.id, Report.status == "open"
        )
    )
    if open_report is not None:
        raise AlreadyReported("You have reported this already; a moderator will look at it.")
    item = Report(reporter=reporter, reason=reason, note=note.strip())
    if isinstance(target, Comment):
        item.comment = target
    else:
        item.review = target
    db.session.add(item)
    db.session.flush()
    return item


def record(actor: User, action: str, target, *, reason: str, details: dict | None = None) -> None:
    """Append one entry to the moderation log (and the application log)."""
    target_type = type(target).__name__.lower()
    entry = ModerationAction(
        actor_id=actor.id,
        action=action,
        target_type=target_type,
        target_id=target.id,
        target_label=_label(target),
        reason=reason,
        details=details or {},
    )
    db.session.add(entry)
    db.session.flush()
    log.info("moderation %s", action, extra={"actor": actor.id, target_type: target.id})


def _label(target) -> str:
    if isinstance(target, User):
        return target.username
    if isinstance(target, Comment):
        return f"comment by {target.author.username} on review {target.review_id}"
    if isinstance(target, Review):
        return f"review “{target.title}” by {target.author.username}"[:200]
    return f"report {target.id}"


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
    """Hide, restore or delete a comment, and log it."""
    required, new_status, refusal = COMMENT_TRANSITIONS[action]
    _lock(comment)
    if required is not None and comment.status != required:
        raise Conflict(refusal)
    comment.status = new_status
    _close_reports(Report.comment_id == comment.id, actor, "resolved")
    record(actor, f"comment_{action}", comment, reason=reason)


def ensure_can_ban(actor: User, target: User) -> None:
    """Raise NotAllowed, with the reason, unless `actor` may ban `target`."""
    if not can_ban(actor, target):
        if target.role == "moderator" and target.id != actor.id:
            raise NotAllowed("Only an admin can ban a moderator.")
        raise NotAllowed("That account cannot be banned.")


def ban(target: User, actor: User, *, reason: str, banned: bool = True) -> None:
    """Ban or unban a member; their scores leave or rejoin the statistics."""
    ensure_can_ban(actor, target)
    _lock(target)
    if target.is_banned == banned:
        raise Conflict("That member is already banned." if banned else "That member is not banned.")
    scores.set_banned(target, banned, reason=reason)
    record(actor, "user_ban" if banned else "user_unban", target, reason=reason)


def close_report(item: Report, actor: User, *, status: str, reason: str) -> None:
    """Resolve or dismiss one open report."""
    _lock(item)
    if item.status != "open":
        raise Conflict("This report is closed already.")
    _close_reports(Report.id == item.id, actor, status)
    record(actor, f"report_{status}", item, reason=reason)


def _close_reports(condition, actor: User, status: str) -> None:
    for item in db.session.scalars(select(Report).where(condition, Report.status == "open")):
        item.status = status
        item.resolved_by_id = actor.id
        item.resolved_at = utcnow()


class PassageNotFound(NotFound):
    """The passage to re-tag is not in the text."""


def retag(target: Review | Comment, actor: User, *, passage: str, episode: int, reason: str):
    """Wrap the first occurrence of `passage` as a spoiler for `episode`; log the diff.

    A review keeps its URL, votes and comments and gains a revision; bad results (the
    passage inside another spoiler, an episode out of range) raise SpoilerSyntaxError.
    """
    passage = passage.strip()
    if not passage or passage not in target.body:
        raise PassageNotFound("That passage is not in the text; copy it exactly.")
    block = "\n" in passage
    tagged = (f"[spoiler ep={episode}]\n{passage}\n[/spoiler]" if block
              else f"[spoiler ep={episode}]{passage}[/spoiler]")  # fmt: skip
    new_body = target.body.replace(passage, tagged, 1)
    diff = _diff(target.body, new_body)
    show = target.show if isinstance(target, Review) else target.review.show
    segments = render_document(new_body, episode_count=show.episode_count)
    if isinstance(target, Review):
        update_review(target, actor, _same_draft(target, new_body, segments), reason=reason)
    else:
        replace_text(target, actor, new_body, segments, reason=reason)
    _close_reports(_report_target(target), actor, "resolved")
    record(
        actor, "spoiler_retag", target, reason=reason, details={"episode": episode, "diff": diff}
    )


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


def delete_review(review: Review, actor: User, *, reason: str | None) -> None:
    """Delete a review (its author or a moderator); a moderator's deletion of someone
    else's review is logged with `reason` (the entry keeps its title and author), once
    even when the same deletion is sent twice at once."""
    if review_service.delete_review(review) and acts_as_moderator(actor, review):
        record(actor, "review_delete", review, reason=reason)


def _same_draft(review: Review, body: str, segments: list) -> ReviewDraft:
    return ReviewDraft(
        title=review.title,
        body=body,
        segments=segments,
        episodes_watched=review.episodes_watched,
        rating_overall=review.rating_overall,
        subratings=review.subratings(),
    )


def _report_target(target):
    return (
        Report.review_id == target.id
        if isinstance(target, Review)
        else (Report.comment_id == target.id)
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
                joinedload(Report.review).joinedload(Review.show),
                joinedload(Report.review).joinedload(Review.author),
            )
            .order_by(Report.created_at, Report.id)
        ).unique()
    )
