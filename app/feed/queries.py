"""Reading a member's feed: a page of activity from the people they follow and the
shows they watch, each item with its source, and what their last progress change
unlocked. A page costs the same few queries however many items and follows there are."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Text, and_, cast, exists, or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.markup import episodes_in
from app.models import (
    Activity,
    Episode,
    EpisodeRating,
    Follow,
    ListItem,
    ProgressEvent,
    Review,
    Show,
    ShowList,
    User,
    WatchEntry,
)
from app.models.user import as_utc, utcnow
from app.progress.rules import Progress
from app.progress.service import progress_map
from app.users.queries import hidden_members_select

PER_PAGE = 20
HOME_ITEMS = 5  # the first items of the feed on a member's home page
# A show's activity reaches its watchers while they watch it or once they finished it;
# not while they only plan to, paused or dropped it.
FEED_STATUSES = ("watching", "completed")
# "Unlocked for you": the latest progress change, joined with the changes just before it
# on the same show that lead up to it (+1, +1, +1 is one unlock) within UNLOCK_RUN; none
# once the latest change is older than UNLOCK_FRESH.
UNLOCK_RUN = timedelta(days=1)
UNLOCK_FRESH = timedelta(days=7)
UNLOCK_EVENTS = 50  # progress changes read to find the run
UNLOCK_EPISODES = 12  # episode links listed; the rest are counted


@dataclass(frozen=True)
class FeedItem:
    """One feed item with what its source shows this reader: `episode_title` is set only
    for an episode the reader has reached; `progress` is theirs on the item's show."""

    activity: Activity
    progress: Progress
    review_title: str | None = None
    review_excerpt: str | None = None
    review_episode: int | None = None
    review_rating: float | None = None
    rating: float | None = None
    list_name: str | None = None
    episode_title: str | None = None

    @property
    def is_open(self) -> bool:
        """False for an episode rating of an episode the reader has not watched: such an
        item shows neither the rating nor the episode's title. Reviews and lists are
        always open (their excerpts carry no spoiler)."""
        episode = self.activity.episode
        if self.activity.kind != "episode_rating" or episode is None:
            return True
        return self.progress.has_seen(episode)


@dataclass(frozen=True)
class FeedPage:
    """A page of the feed, newest first; `older` is the cursor of the next page."""

    items: list[FeedItem]
    older: int | None


def _source(column, kind: str, *conditions):
    """`column` of the item's source, as a correlated scalar subquery (NULL for items of
    another kind): a few index lookups per row, and a statement PostgreSQL plans in a
    fraction of the time the same outer joins take."""
    return select(column).where(Activity.kind == kind, *conditions).scalar_subquery()


def _review(column):
    return _source(column, "review", Review.id == Activity.target_id)


def _rating(column):
    return _source(column, "episode_rating", EpisodeRating.user_id == Activity.actor_id,
                   EpisodeRating.show_id == Activity.show_id,
                   EpisodeRating.episode == Activity.target_id)  # fmt: skip


def _feed_select(viewer_id: int):
    """Items from followed members and watched shows, without the reader's own or those
    of members on either side of a block, whose source is still there to read: a review
    not held, a rating not removed, a show still on a public, visible, unheld list."""
    followed = select(Follow.followed_id).where(Follow.follower_id == viewer_id)
    watched = select(WatchEntry.show_id).where(
        WatchEntry.user_id == viewer_id, WatchEntry.status.in_(FEED_STATUSES)
    )
    listed = and_(
        ShowList.id == Activity.target_id, ShowList.is_public.is_(True),
        ShowList.status == "visible", ShowList.held_at.is_(None),
        ListItem.list_id == ShowList.id, ListItem.show_id == Activity.show_id,
    )  # fmt: skip
    readable = or_(
        and_(Activity.kind == "review", _review(Review.held_at).is_(None),
             _review(Review.id).is_not(None)),
        and_(Activity.kind == "episode_rating", _rating(EpisodeRating.rating).is_not(None)),
        and_(Activity.kind == "list_item", exists().where(listed)),
    )  # fmt: skip
    return (
        select(
            Activity,
            _review(Review.title),
            _review(Review.excerpt),
            _review(Review.episodes_watched),
            _review(Review.rating_overall),
            _rating(EpisodeRating.rating),
            _source(ShowList.name, "list_item", ShowList.id == Activity.target_id),
            _source(
                Episode.title,
                "episode_rating",
                Episode.show_id == Activity.show_id,
                Episode.number == Activity.episode,
            ),
        )  # fmt: skip
        .where(
            or_(Activity.actor_id.in_(followed), Activity.show_id.in_(watched)),
            Activity.actor_id != viewer_id,
            Activity.actor_id.not_in(hidden_members_select(viewer_id)),
            readable,
        )
        .options(joinedload(Activity.actor), joinedload(Activity.show))
        .order_by(Activity.id.desc())
    )


def feed_page(viewer: User, *, before: int | None = None, per_page: int = PER_PAGE) -> FeedPage:
    """The page of `viewer`'s feed older than the item `before` (the newest page when
    None), with the reader's progress on every show of the page: two queries. Keyed by
    id, so items that arrive meanwhile never shift a page the reader is paging through."""
    query = _feed_select(viewer.id).limit(per_page + 1)
    if before is not None:
        query = query.where(Activity.id < before)
    rows = db.session.execute(query).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    progress = progress_map({row.Activity.show_id for row in rows if row.Activity.show_id})
    items = [_item(row, progress.get(row.Activity.show_id, Progress())) for row in rows]
    return FeedPage(items, items[-1].activity.id if more else None)


def _item(row, progress: Progress) -> FeedItem:
    activity = row[0]
    _, title, excerpt, written_at, review_rating, rating, list_name, episode_title = row
    item = FeedItem(activity, progress)
    if activity.kind == "review":
        return FeedItem(activity, progress, review_title=title, review_excerpt=excerpt,
                        review_episode=written_at, review_rating=review_rating)  # fmt: skip
    if activity.kind == "list_item":
        return FeedItem(activity, progress, list_name=list_name)
    if not item.is_open:
        return item  # neither the value nor the title leaves the server
    return FeedItem(activity, progress, rating=rating, episode_title=episode_title or None)


@dataclass(frozen=True)
class Unlocked:
    """What the reader's latest progress change opened on `show`: episodes
    (`from_episode`, `to_episode`], the reviews that became readable with them, and the
    episodes' numbers and titles (at most UNLOCK_EPISODES; `more_episodes` counts the rest)."""

    show: Show
    from_episode: int
    to_episode: int
    review_count: int
    episodes: list[tuple[int, str]]
    more_episodes: int


def unlocked_for(viewer: User) -> Unlocked | None:
    """What `viewer`'s last progress change unlocked (None when it opened nothing, moved
    back, or is older than UNLOCK_FRESH): three queries at most."""
    rows = db.session.execute(
        select(ProgressEvent, Show)
        .join(Show, Show.id == ProgressEvent.show_id)
        .where(ProgressEvent.user_id == viewer.id)
        .order_by(ProgressEvent.id.desc())
        .limit(UNLOCK_EVENTS)
    ).all()
    if not rows or utcnow() - as_utc(rows[0].ProgressEvent.created_at) > UNLOCK_FRESH:
        return None
    show, start, end = _run(rows)
    if end <= start:
        return None
    opened = list(range(start + 1, end + 1))
    titles = dict(
        db.session.execute(
            select(Episode.number, Episode.title).where(
                Episode.show_id == show.id, Episode.number.in_(opened[:UNLOCK_EPISODES])
            )
        ).all()
    )
    episodes = [(n, titles.get(n) or "") for n in opened[:UNLOCK_EPISODES]]
    return Unlocked(show, start, end, _unlocked_reviews(viewer, show, start, end),
                    episodes, len(opened) - len(episodes))  # fmt: skip


def _run(rows) -> tuple[Show, int, int]:
    """The latest change's show and the episodes (start, end] its run of changes opened:
    earlier changes on that show that lead straight into it, within UNLOCK_RUN."""
    latest, show = rows[0]
    start = latest.from_episode
    if latest.to_episode <= start:
        return show, start, start  # moved back: nothing opened
    for event, _show in rows[1:]:
        close = as_utc(latest.created_at) - as_utc(event.created_at) <= UNLOCK_RUN
        leads_in = event.to_episode == start and event.from_episode < start
        if event.show_id != show.id or not leads_in or not close:
            break
        start = event.from_episode
    return show, start, latest.to_episode


def _unlocked_reviews(viewer: User, show: Show, start: int, end: int) -> int:
    """How many readable reviews of `show` (not the reader's, not held, no block between
    them) were written at an episode in (start, end] or hold a spoiler of one of them."""
    rows = db.session.execute(
        select(Review.episodes_watched, Review.segments).where(
            Review.show_id == show.id,
            Review.author_id != viewer.id,
            Review.author_id.not_in(hidden_members_select(viewer.id)),
            Review.held_at.is_(None),
            # Only a review written in the window or holding a spoiler can count:
            # every spoiler part of the stored segments has an "ep" key.
            or_(
                Review.episodes_watched.between(start + 1, end),
                cast(Review.segments, Text).contains('"ep"'),
            ),
        )
    )
    return sum(
        1
        for written_at, segments in rows
        if start < written_at <= end or any(start < ep <= end for ep in episodes_in(segments))
    )
