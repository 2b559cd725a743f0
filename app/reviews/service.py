"""Writing, editing and deleting reviews, and helpful votes. They flush; views commit."""

from dataclasses import dataclass, field

from sqlalchemy import delete, select, update

from app import pagecache
from app.extensions import db
from app.feed import service as feed
from app.markup import Segments, excerpt, render_document
from app.models import HelpfulVote, Review, ReviewRevision, Show, User
from app.models.user import utcnow
from app.notifications import service as notifications
from app.permissions import can_edit_review, can_post, can_vote_helpful, ensure
from app.progress import service as progress_service
from app.progress.rules import Progress
from app.scores import service as scores

EXCERPT_CHARS = 300


@dataclass(frozen=True)
class ReviewDraft:
    """What the author typed, already checked by the form, with the body rendered."""

    title: str
    body: str
    segments: Segments
    episodes_watched: int
    rating_overall: float
    subratings: dict[str, float | None] = field(default_factory=dict)

    @classmethod
    def from_text(cls, *, episode_count: int, **fields) -> "ReviewDraft":
        """A draft from plain fields (demo data, commands, tests), its body rendered here;
        raises SpoilerSyntaxError. The review form renders in its validator instead."""
        segments = render_document(fields["body"], episode_count=episode_count)
        return cls(segments=segments, **fields)


class AlreadyReviewed(Exception):
    """The author has a review of this show already; `review` is it."""

    def __init__(self, review: Review) -> None:
        super().__init__("already reviewed")
        self.review = review


def ensure_can_post(user: User) -> None:
    """Banned members cannot write, vote or report. Raise NotAllowed."""
    ensure(can_post(user), "Your account is banned from posting.")


def existing_review(show: Show, author: User) -> Review | None:
    """The author's review of `show`, if any."""
    return db.session.scalar(
        select(Review).where(Review.show_id == show.id, Review.author_id == author.id)
    )


def _apply(review: Review, draft: ReviewDraft) -> None:
    """Copy the draft in, with its spoiler-free excerpt."""
    review.title = draft.title.strip()
    review.body = draft.body
    review.segments = draft.segments
    review.excerpt = excerpt(draft.segments, max_chars=EXCERPT_CHARS)
    review.episodes_watched = draft.episodes_watched
    review.rating_overall = draft.rating_overall
    for name, value in draft.subratings.items():
        setattr(review, f"rating_{name}", value)


def create_review(show: Show, author: User, draft: ReviewDraft) -> Review:
    """Publish a new review; its rating becomes the author's score for the show.

    An author with no watch entry gets one at the episode the review was written at.
    Raises AlreadyReviewed, also when a simultaneous request (a double click, a second
    tab) published first: `tracking` holds the author's lock, so the check sees it.
    """
    with scores.tracking(author, show):
        found = existing_review(show, author)
        if found is not None:
            raise AlreadyReviewed(found)
        review = Review(show=show, author=author)
        _apply(review, draft)
        db.session.add(review)
        db.session.flush()
        _set_score(author, show, draft)
    feed.record("review", actor_id=author.id, show_id=show.id, target_id=review.id,
                episode=review.episodes_watched)  # fmt: skip
    return review


def _set_score(author: User, show: Show, draft: ReviewDraft) -> None:
    entry = progress_service.find_entry(author.id, show.id)
    if entry is None:
        status = "completed" if draft.episodes_watched >= show.episode_count else "watching"
        entry = progress_service.write_entry(
            author, show.id, Progress(draft.episodes_watched, status)
        )
    entry.score = draft.rating_overall


def update_review(
    review: Review, editor: User, draft: ReviewDraft, *, reason: str | None = None
) -> Review:
    """Edit in place (URL, votes and comments stay), keeping the old text as a revision
    with the moderator's `reason` when there is one.

    The old text is read under the author's lock, so of two simultaneous edits the
    second keeps the first one's text, and the history misses no version.
    """
    with scores.tracking(review.author, review.show):
        db.session.refresh(review)
        old = ReviewRevision(
            editor=editor,
            title=review.title,
            body=review.body,
            episodes_watched=review.episodes_watched,
            ratings={"overall": review.rating_overall, **review.subratings()},
            reason=reason,
        )
        _apply(review, draft)
        review.revisions.append(old)
        review.edited_at = utcnow()
        _set_score(review.author, review.show, draft)
    return review


def ensure_can_edit(review: Review, user: User) -> None:
    """Authors edit and delete their own reviews; moderators any. Raise NotAllowed."""
    ensure_can_post(user)
    ensure(can_edit_review(user, review))


def delete_review(review: Review) -> bool:
    """Remove a review with its votes and revisions. The author's score stays on their
    list (docs/decisions.md); the review's sub-ratings leave the statistics.

    Returns False when a simultaneous request (a double click) deleted it first: under
    the author's lock the check sees that, and there is nothing left to do.
    """
    with scores.tracking(review.author, review.show):
        if db.session.scalar(select(Review.id).where(Review.id == review.id)) is None:
            return False
        db.session.delete(review)
        db.session.flush()
    return True


def toggle_helpful(review: Review, user: User) -> bool:
    """Add or remove the user's helpful vote; return whether it is now on.

    The voter's own toggles run one at a time (their lock), so each sees the last one's
    result; the counter moves with an atomic UPDATE, so other voters never lose one.
    """
    ensure(can_vote_helpful(user, review))
    scores.lock_member(user.id)
    removed = db.session.execute(
        delete(HelpfulVote).where(
            HelpfulVote.review_id == review.id, HelpfulVote.user_id == user.id
        )
    ).rowcount
    if removed:
        change = -1
    else:
        db.session.add(HelpfulVote(review_id=review.id, user_id=user.id))
        change = 1
    db.session.execute(
        update(Review)
        .where(Review.id == review.id)
        .values(helpful_count=Review.helpful_count + change)
        .execution_options(synchronize_session=False)
    )
    pagecache.changed(db.session, review.show_id)
    db.session.flush()
    db.session.refresh(review, ["helpful_count"])
    if not removed:
        notifications.helpful_voted(review, user)
    return not removed
