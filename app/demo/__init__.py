"""Demo data for `flask seed-demo`: real dramas and a few demo accounts."""

import json
from importlib import resources
from typing import Any

from app.extensions import db
from app.models import User
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
    return json.loads(resources.files(__package__).joinpath("shows.json").read_text("utf-8"))


def seed() -> dict[str, int]:
    """Add or update the demo shows and accounts; running it twice changes nothing."""
    return {"shows": seed_shows(), "users": seed_users()}


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
