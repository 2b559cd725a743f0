"""Demo data for `flask seed-demo`: real dramas and a few demo accounts."""

import json
from importlib import resources
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import SUBRATINGS, Show, User
from app.progress.rules import Progress
from app.progress.service import find_entry, save_entry
from app.reviews.service import ReviewDraft, create_review, existing_review
from app.shows.records import parse_record
from app.shows.service import save_show

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
]


def demo_shows() -> list[dict[str, Any]]:
    """The demo catalogue, in the same JSON shape `shows import` reads."""
    return _demo_json("shows.json")


def seed() -> dict[str, int]:
    """Add or update the demo shows, accounts and reviews; running it twice changes nothing."""
    created = {"shows": seed_shows(), "users": seed_users(), "reviews": seed_reviews()}
    seed_list_scores()
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
    """
    shows = {show.slug: show for show in db.session.scalars(select(Show))}
    added = 0
    for data in _demo_json("reviews.json"):
        show, author = shows[data["show"]], User.by_username(data["author"])
        if existing_review(show, author) is not None:
            continue
        draft = ReviewDraft.from_text(
            episode_count=show.episode_count,
            title=data["title"],
            body=data["body"],
            episodes_watched=data["episodes_watched"],
            rating_overall=data["rating_overall"],
            subratings={name: data.get(f"rating_{name}") for name in SUBRATINGS},
        )
        create_review(show, author, draft)
        added += 1
    return added


def seed_list_scores() -> None:
    """Give the demo members without reviews their list progress and scores (once)."""
    shows = {show.slug: show for show in db.session.scalars(select(Show))}
    for username, slug, episodes, score in DEMO_LIST_SCORES:
        user, show = User.by_username(username), shows[slug]
        if find_entry(user.id, show.id) is not None:
            continue
        status = "completed" if episodes == show.episode_count else "watching"
        save_entry(user, show, Progress(episodes, status), score=score)
