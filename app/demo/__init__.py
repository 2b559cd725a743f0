"""Demo data for `flask seed-demo`: real dramas and a few demo accounts."""

import json
from importlib import resources
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import SUBRATINGS, Show, User
from app.progress.rules import Progress
from app.progress.service import save_entry
from app.reviews.service import ReviewDraft, create_review, existing_review
from app.shows.records import parse_record
from app.shows.service import save_show

DEMO_PASSWORD = "unspoiled-demo"
DEMO_USERS = [
    ("minji", "user"),
    ("jaehyun", "user"),
    ("sora", "moderator"),
    ("admin", "admin"),
]


def demo_shows() -> list[dict[str, Any]]:
    """The demo catalogue, in the same JSON shape `shows import` reads."""
    return _demo_json("shows.json")


def seed() -> dict[str, int]:
    """Add or update the demo shows, accounts and reviews; running it twice changes nothing."""
    return {"shows": seed_shows(), "users": seed_users(), "reviews": seed_reviews()}


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

    Each author's progress on the show is set to the episode the review was written at,
    as if they had used the site.
    """
    shows = {show.slug: show for show in db.session.scalars(select(Show))}
    added = 0
    for data in _demo_json("reviews.json"):
        show, author = shows[data["show"]], User.by_username(data["author"])
        if existing_review(show, author) is not None:
            continue
        draft = ReviewDraft(
            title=data["title"],
            body=data["body"],
            episodes_watched=data["episodes_watched"],
            rating_overall=data["rating_overall"],
            subratings={name: data.get(f"rating_{name}") for name in SUBRATINGS},
        )
        create_review(show, author, draft)
        status = "completed" if draft.episodes_watched == show.episode_count else "watching"
        save_entry(author, show.id, Progress(draft.episodes_watched, status))
        added += 1
    return added
