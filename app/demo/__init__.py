"""Demo data for `flask seed-demo`: real dramas and a few demo accounts."""

import json
from importlib import resources
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Show, User

DEMO_PASSWORD = "unspoiled-demo"
DEMO_USERS = [
    ("minji", "user"),
    ("jaehyun", "user"),
    ("sora", "moderator"),
    ("admin", "admin"),
]

SHOW_FIELDS = {
    "title": "title",
    "native_title": "native_title",
    "year": "year",
    "network": "network",
    "episodes": "episode_count",
    "synopsis": "synopsis",
}


def demo_shows() -> list[dict[str, Any]]:
    """The demo catalogue, in the same JSON shape `shows import` reads."""
    return json.loads(resources.files(__package__).joinpath("shows.json").read_text("utf-8"))


def seed() -> dict[str, int]:
    """Add or update the demo shows and accounts; running it twice changes nothing."""
    created = {"shows": 0, "users": 0}
    existing = {s.slug: s for s in db.session.scalars(select(Show))}
    for record in demo_shows():
        show = existing.get(record["slug"])
        if show is None:
            show = Show(slug=record["slug"])
            db.session.add(show)
            created["shows"] += 1
        for key, attribute in SHOW_FIELDS.items():
            if getattr(show, attribute) != record[key]:
                setattr(show, attribute, record[key])
    for username, role in DEMO_USERS:
        if User.by_username(username) is None:
            user = User(username=username, email=f"{username}@demo.unspoiled.invalid", role=role)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
            created["users"] += 1
    db.session.flush()
    return created
