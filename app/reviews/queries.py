"""Loading reviews for pages: each page's reviews in a fixed number of queries."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.gating import HISTORY_TITLE_LEVEL, as_it_was, dom_id, preview, render_review
from app.models import Comment, CommentRevision, HelpfulVote, Review, ReviewRevision, Show
from app.urls import page_number

PER_PAGE = 20
HISTORY_PER_PAGE = 10  # each version is a whole text, rendered when the page is asked for
CARD_CHARS = 1000  # about this much of each review is visible on the show page
SORTS = {
    "helpful": (Review.helpful_count.desc(), Review.created_at.desc(), Review.id.desc()),
    "newest": (Review.created_at.desc(), Review.id.desc()),
    "highest": (Review.rating_overall.desc(), Review.created_at.desc(), Review.id.desc()),
    "lowest": (Review.rating_overall, Review.created_at.desc(), Review.id.desc()),
}
SORT_LABELS = {
    "helpful": "Most helpful",
    "newest": "Newest",
    "highest": "Highest rated",
    "lowest": "Lowest rated",
}


def get_review_or_404(review_id: int) -> Review:
    """The review with its show and author, or a 404."""
    review = db.session.scalar(
        select(Review)
        .where(Review.id == review_id)
        .options(joinedload(Review.show), joinedload(Review.author))
    )
    if review is None:
        abort(404)
    return review


@dataclass(frozen=True)
class ReviewListArgs:
    """How the reader asked to see a show's reviews."""

    sort: str = "helpful"
    upto_mine: bool = False
    page: int = 1

    def query(self) -> dict[str, str | None]:
        """The query arguments that ask for this list, page aside (None: the default),
        for the pager's links."""
        return {
            "sort": None if self.sort == "helpful" else self.sort,
            "upto": "mine" if self.upto_mine else None,
        }


def show_reviews(show: Show, args: ReviewListArgs, *, progress: int) -> Pagination:
    """A page of a show's reviews; with `upto_mine`, only those written at or below
    the reader's progress."""
    query = (
        select(Review)
        .where(Review.show_id == show.id)
        .options(joinedload(Review.author))
        .order_by(*SORTS.get(args.sort, SORTS["helpful"]))
    )
    if args.upto_mine:
        query = query.where(Review.episodes_watched <= progress)
    return db.paginate(query, page=args.page, per_page=PER_PAGE, error_out=False)


@dataclass(frozen=True)
class History:
    """One page of an edit history: the current text and a page of earlier versions
    (newest first, with their editors), each rendered with every spoiler shown."""

    current: Markup
    revisions: list[tuple[ReviewRevision | CommentRevision, Markup]]
    page: Pagination


def history_page(target: Review | Comment, page: int) -> History:
    """A page of the edit history of a review or comment (for its author and moderators)."""
    if isinstance(target, Review):
        model, owner, show = ReviewRevision, ReviewRevision.review_id, target.show
    else:
        model, owner, show = CommentRevision, CommentRevision.comment_id, target.show
    query = (
        select(model)
        .where(owner == target.id)
        .options(joinedload(model.editor))
        .order_by(model.id.desc())
    )
    rows = db.paginate(query, page=page, per_page=HISTORY_PER_PAGE, error_out=False)
    return History(
        current=preview(target.segments, show, prefix="current", title_level=HISTORY_TITLE_LEVEL),
        revisions=[
            (row, as_it_was(row.body, show=show, prefix=dom_id("revision", row.id)))
            for row in rows.items
        ],
        page=rows,
    )


def my_helpful_votes(reviews: list[Review]) -> set[int]:
    """The ids among `reviews` that the signed-in reader marked helpful (one query)."""
    if not current_user.is_authenticated or not reviews:
        return set()
    return set(
        db.session.scalars(
            select(HelpfulVote.review_id).where(
                HelpfulVote.user_id == current_user.id,
                HelpfulVote.review_id.in_([review.id for review in reviews]),
            )
        )
    )


def recent_reviews(limit: int = 10) -> list[Review]:
    """The newest reviews across the site, with show and author."""
    return list(
        db.session.scalars(
            select(Review)
            .options(joinedload(Review.show), joinedload(Review.author))
            .order_by(Review.created_at.desc(), Review.id.desc())
            .limit(limit)
        )
    )


def feed_reviews(show: Show, limit: int = PER_PAGE) -> list[Review]:
    """A show's newest reviews for its Atom feed. A feed has no reader, so it leaves out
    reviews held for review (which only their authors and moderators may read)."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.show_id == show.id, Review.held_at.is_(None))
            .options(joinedload(Review.author))
            .order_by(*SORTS["newest"])
            .limit(limit)
        )
    )


def list_args_from(values) -> ReviewListArgs:
    """Read sort, filter and page from query arguments or form fields; junk means default."""
    sort = values.get("sort", "helpful")
    return ReviewListArgs(
        sort=sort if sort in SORTS else "helpful",
        upto_mine=values.get("upto") == "mine",
        page=values.get("page", 1, type=page_number),
    )


def reviews_by(user, limit: int = 50) -> list[Review]:
    """A member's newest reviews, with their shows."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.author_id == user.id)
            .options(joinedload(Review.show), joinedload(Review.author))
            .order_by(Review.created_at.desc(), Review.id.desc())
            .limit(limit)
        )
    )


def reviews_section(
    show: Show,
    args: ReviewListArgs,
    *,
    progress: int,
    voted: frozenset[int] | None = None,
    kept: frozenset[tuple[int, int]] = frozenset(),
) -> dict:
    """Everything the show page's review list needs: the page of reviews, each cut to
    about CARD_CHARS visible characters for this reader (with the (review id, episode)
    reveals they keep, `kept`), and the reader's helpful votes (`voted`, when the caller
    knows them already)."""
    page = show_reviews(show, args, progress=progress)
    cards = [
        (review, render_review(review, progress=progress, max_chars=CARD_CHARS,
                               kept={ep for rid, ep in kept if rid == review.id}))
        for review in page.items
    ]  # fmt: skip
    return {
        "show": show,
        "review_page": page,
        "cards": cards,
        "voted": my_helpful_votes(page.items) if voted is None else voted,
        "list_args": args,
        "sorts": SORT_LABELS,
        "reader_episode": progress,
    }
