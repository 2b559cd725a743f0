"""Demo data for `flask seed-demo`: real dramas and a few demo accounts."""

import json
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from sqlalchemy import select, update

from app.comments.service import add_thread_comment
from app.extensions import db
from app.lists import service as lists_service
from app.markup import render_document
from app.models import (
    SUBRATINGS,
    Comment,
    EpisodeRating,
    ProgressEvent,
    Show,
    ShowList,
    User,
    WatchEntry,
)
from app.models.user import utcnow
from app.progress.rules import Progress
from app.progress.service import find_entry, save_entry
from app.ratings.service import rate
from app.reviews.service import ReviewDraft, create_review, existing_review
from app.shows.records import parse_record
from app.shows.service import save_show
from app.users.service import follow

DEMO_PASSWORD = "unspoiled-demo"
DEMO_USERS = [
    ("minji", "user"),
    ("jaehyun", "user"),
    ("sora", "moderator"),
    ("admin", "admin"),
    ("hana", "user"),
    ("doyun", "user"),
    ("yuna", "user"),
    ("seojin", "user"),
    ("jiwoo", "user"),
    ("taeyang", "user"),
    ("eunbi", "user"),
    ("minho", "user"),
]
# Scores set from members' lists, without a review: (member, show, episodes, score).
# Together with the reviews they give the main demo shows enough scores to be ranked;
# seojin's early score of Run On shows "your score counts from episode 4".
DEMO_LIST_SCORES = [
    ("hana", "move-to-heaven", 10, 10.0),
    ("doyun", "move-to-heaven", 10, 9.0),
    ("yuna", "move-to-heaven", 6, 8.5),
    ("hana", "run-on", 16, 8.0),
    ("doyun", "run-on", 12, 7.5),
    ("yuna", "run-on", 16, 9.0),
    ("seojin", "run-on", 2, 4.0),
    ("hana", "the-producers", 12, 7.0),
    ("doyun", "the-producers", 12, 8.5),
    ("hana", "reply-1988", 20, 10.0),
    ("yuna", "reply-1988", 20, 9.5),
    ("seojin", "reply-1988", 8, 9.0),
    # The rest of the catalogue: enough scores to rank a few more shows (and not all of
    # them), and some members part-way through, for their "Continue watching".
    ("doyun", "reply-1988", 20, 9.5),
    ("jiwoo", "reply-1988", 20, 10.0),
    ("hana", "my-mister", 16, 10.0),
    ("doyun", "my-mister", 16, 9.5),
    ("yuna", "my-mister", 16, 9.0),
    ("jiwoo", "my-mister", 16, 10.0),
    ("taeyang", "my-mister", 12, 9.5),
    ("hana", "crash-landing-on-you", 16, 8.5),
    ("yuna", "crash-landing-on-you", 16, 9.0),
    ("seojin", "crash-landing-on-you", 16, 8.0),
    ("eunbi", "crash-landing-on-you", 16, 9.5),
    ("minho", "crash-landing-on-you", 10, 7.5),
    ("doyun", "hospital-playlist", 12, 9.0),
    ("yuna", "hospital-playlist", 12, 9.5),
    ("eunbi", "hospital-playlist", 12, 9.0),
    ("taeyang", "hospital-playlist", 12, 8.5),
    ("jiwoo", "hospital-playlist", 6, 9.0),
    ("seojin", "twenty-five-twenty-one", 16, 8.0),
    ("eunbi", "twenty-five-twenty-one", 16, 9.0),
    ("minho", "twenty-five-twenty-one", 16, 6.5),
    ("jiwoo", "twenty-five-twenty-one", 16, 8.5),
    ("hana", "twenty-five-twenty-one", 9, 7.0),
    ("doyun", "extraordinary-attorney-woo", 16, 8.5),
    ("taeyang", "extraordinary-attorney-woo", 16, 9.0),
    ("minho", "extraordinary-attorney-woo", 8, 8.0),
]


# Demo reviews are dated across the SPAN before the seed, so the site looks lived in: the
# newest a few hours old, older ones further apart, the shows taking turns.
SPAN = timedelta(days=182)


def demo_date(index: int, count: int, *, now: datetime) -> datetime:
    """When demo item `index` of `count` happened: deterministic, within SPAN before
    `now`, never after it. Items take turns by a stride coprime with most counts, so
    neighbours in the file (reviews of one show) land weeks apart; recent ones cluster
    as on a real site (the age grows with the square of the rank)."""
    if count <= 1:
        return (now - timedelta(hours=6)).replace(microsecond=0)
    stride = 5 if count % 5 else 3
    rank = (index * stride) % count  # 0: oldest, count - 1: newest
    age = SPAN * ((count - 1 - rank) / (count - 1)) ** 2
    return (now - age - timedelta(hours=6 + (index * 7) % 11)).replace(microsecond=0)


def demo_shows() -> list[dict[str, Any]]:
    """The demo catalogue, in the same JSON shape `shows import` reads."""
    return _demo_json("shows.json")


def seed() -> dict[str, int]:
    """Add or update the demo shows, accounts and reviews; running it twice changes nothing."""
    created = {"shows": seed_shows(), "users": seed_users(), "reviews": seed_reviews()}
    seed_list_scores()
    seed_episode_ratings()
    seed_threads()
    seed_follows_and_lists()
    return created


def seed_shows() -> int:
    """Add or update the demo catalogue; return how many shows are new."""
    return sum(save_show(parse_record(data))[1] for data in demo_shows())


def seed_users() -> int:
    """Add the demo accounts that do not exist yet; return how many were added."""
    added = 0
    for username, role in DEMO_USERS:
        if User.by_username(username) is None:
            user = User(username=username, email=f"{username}@demo.unspoiled.invalid", role=role)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
            added += 1
    db.session.flush()
    return added


def _demo_json(name: str) -> list[dict[str, Any]]:
    return json.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))


def seed_reviews() -> int:
    """Add the demo reviews whose author has not reviewed that show yet; return how many.

    Authors without progress on the show get it at the episode the review was written at.
    Each review is dated by `demo_date`, and so is that progress.
    """
    shows = {show.slug: show for show in db.session.scalars(select(Show))}
    reviews, now = _demo_json("reviews.json"), utcnow()
    added = 0
    for index, data in enumerate(reviews):
        show, author = shows[data["show"]], User.by_username(data["author"])
        if existing_review(show, author) is not None:
            continue
        had_entry = find_entry(author.id, show.id) is not None
        draft = ReviewDraft.from_text(
            episode_count=show.episode_count,
            title=data["title"],
            body=data["body"],
            episodes_watched=data["episodes_watched"],
            rating_overall=data["rating_overall"],
            subratings={name: data.get(f"rating_{name}") for name in SUBRATINGS},
        )
        review = create_review(show, author, draft)
        review.created_at = demo_date(index, len(reviews), now=now)
        if not had_entry:
            find_entry(author.id, show.id).updated_at = review.created_at
            _date_progress(author.id, show.id, review.created_at)
        added += 1
    db.session.flush()
    return added


def seed_list_scores() -> None:
    """Give the demo members without reviews their list progress and scores (once)."""
    shows = {show.slug: show for show in db.session.scalars(select(Show))}
    now = utcnow()
    for index, (username, slug, episodes, score) in enumerate(DEMO_LIST_SCORES):
        user, show = User.by_username(username), shows[slug]
        if find_entry(user.id, show.id) is not None:
            continue
        status = "completed" if episodes == show.episode_count else "watching"
        entry = save_entry(user, show, Progress(episodes, status), score=score)
        entry.updated_at = demo_date(index, len(DEMO_LIST_SCORES), now=now)
        _date_progress(user.id, show.id, entry.updated_at)
    db.session.flush()


def _date_progress(user_id: int, show_id: int, when: datetime) -> None:
    """Date the progress change that a demo entry was just created with like the entry,
    so profiles' year in review (app/users/stats.py) spreads over the demo's months."""
    db.session.flush()
    db.session.execute(
        update(ProgressEvent)
        .where(ProgressEvent.user_id == user_id, ProgressEvent.show_id == show_id)
        .values(created_at=when)
        .execution_options(synchronize_session=False)
    )


# Each main show's episodes as its viewers rated them, on average: every demo member
# rates the episodes they watched, near this curve (a member's own lean added), so the
# show page's chart and the episode pages have numbers, and a late dip in Run On shows
# why ratings beyond a reader's progress are withheld.
EPISODE_CURVES = {
    "move-to-heaven": (8.5, 8.5, 9.0, 9.0, 8.5, 8.0, 9.5, 9.0, 9.0, 9.5),
    "run-on": (8.0, 8.0, 8.5, 8.0, 8.0, 7.5, 8.0, 8.5, 8.0, 7.5, 7.5, 7.0, 6.0, 6.5, 7.0, 8.0),
    "the-producers": (7.5, 7.5, 8.0, 7.5, 8.0, 8.5, 8.0, 8.0, 8.5, 8.5, 9.0, 9.0),
}
LEANS = (0.0, 0.5, -0.5, 0.0, 1.0, -0.5, 0.5, 0.0, -1.0, 0.5, 0.0, -0.5)


def demo_episode_rating(curve: tuple[float, ...], episode: int, member: int) -> float:
    """Member number `member`'s demo rating of `episode`: the curve plus their lean,
    kept on the scale."""
    return min(10.0, max(1.0, curve[episode - 1] + LEANS[member % len(LEANS)]))


def seed_episode_ratings() -> None:
    """Rate the main shows' episodes for every demo member who watched them (once: a
    member who rated any episode of a show is left alone)."""
    members = {name: index for index, (name, _role) in enumerate(DEMO_USERS)}
    shows = {show.slug: show for show in db.session.scalars(select(Show))}
    for slug, curve in EPISODE_CURVES.items():
        show = shows[slug]
        rated = set(db.session.scalars(
            select(EpisodeRating.user_id).where(EpisodeRating.show_id == show.id)
        ))  # fmt: skip
        entries = db.session.execute(
            select(User, WatchEntry.episodes_watched)
            .join(WatchEntry, WatchEntry.user_id == User.id)
            .where(WatchEntry.show_id == show.id, User.username.in_(members))
        )
        for user, watched in entries.all():
            if user.id in rated:
                continue
            for episode in range(1, watched + 1):
                value = demo_episode_rating(curve, episode, members[user.username])
                rate(user, show, episode, value)
    db.session.flush()


# Demo discussion threads: (show, episode, author, text, index of the comment replied to).
# Each author has watched the episode; one comment tags a spoiler for a later episode.
DEMO_THREADS = [
    (
        "move-to-heaven",
        1,
        "minji",
        "The opening sequence alone: the way Geu-ru lays out "
        "the gloves before he touches anything. I knew what kind of show this was.",
        None,
    ),
    (
        "move-to-heaven",
        1,
        "jaehyun",
        "Same. And Sang-gu is so easy to dislike here, "
        "which is exactly the point. [spoiler ep=8]Episode 8 made me rethink every scene "
        "he has in this one.[/spoiler]",
        0,
    ),
    (
        "move-to-heaven",
        1,
        "hana",
        "Watching with my dad. He asked for the next one before the credits ended.",
        None,
    ),
    (
        "run-on",
        1,
        "sora",
        "Seon-gyeom running past the finish line to stop a fight is "
        "the best character introduction of the year.",
        None,
    ),
    (
        "run-on",
        1,
        "minji",
        "Mi-ju's subtitling job is such a good way to show how she sees people.",
        3,
    ),
]


def seed_threads() -> None:
    """Post the demo thread comments (once: threads that have comments are left alone)."""
    shows = {show.slug: show for show in db.session.scalars(select(Show))}
    threads = select(Comment.show_id, Comment.episode).where(Comment.show_id.is_not(None))
    has_comments = {(show_id, episode) for show_id, episode in db.session.execute(threads)}
    posted: list[Comment | None] = []
    for slug, episode, author, body, parent in DEMO_THREADS:
        show = shows[slug]
        if (show.id, episode) in has_comments:
            posted.append(None)
            continue
        segments = render_document(body, episode_count=show.episode_count)
        replied_to = posted[parent] if parent is not None else None
        author_row = User.by_username(author)
        posted.append(
            add_thread_comment(show, episode, author_row, body, segments, parent=replied_to)
        )
    db.session.flush()


# Who follows whom in the demo, so a member's feed has people in it from the start.
DEMO_FOLLOWS = [
    ("jaehyun", "minji"), ("jaehyun", "sora"), ("jaehyun", "hana"), ("minji", "jaehyun"),
    ("minji", "sora"), ("hana", "doyun"), ("hana", "jaehyun"), ("doyun", "hana"),
    ("yuna", "minji"), ("sora", "minji"),
]  # fmt: skip
# Demo lists: (owner, name, description, [(show, note)]), all public.
DEMO_LISTS = [
    ("hana", "Slow burns worth the wait",
     "Shows that take their time and pay it back. Start with the first.",
     [("run-on", "The quietest romance on this list: give it four episodes."),
      ("my-mister", ""), ("move-to-heaven", "Bring tissues."), ("reply-1988", "")]),
    ("minji", "For a good cry",
     "When you need one.",
     [("move-to-heaven", "Episode 1 already does it."), ("my-mister", ""),
      ("hospital-playlist", "Lighter, but it gets you.")]),
]  # fmt: skip


def seed_follows_and_lists() -> None:
    """Follow the demo members who follow each other (following twice is once) and make
    the demo lists their owners do not have yet, through the services (feed items too)."""
    for follower, followed in DEMO_FOLLOWS:
        follow(User.by_username(follower), User.by_username(followed))
    shows = {show.slug: show for show in db.session.scalars(select(Show))}
    for username, name, description, items in DEMO_LISTS:
        owner = User.by_username(username)
        exists = select(ShowList.id).where(ShowList.owner_id == owner.id, ShowList.name == name)
        if db.session.scalar(exists) is not None:
            continue
        show_list = lists_service.create(owner, name=name, description=description, is_public=True)
        for slug, note in items:
            lists_service.add(show_list, owner, shows[slug], note=note)
    db.session.flush()
