"""Builders for episode ratings: members at a progress who rate through the service."""

import pytest

from app.extensions import db
from app.models import EpisodeStats, Show, User
from app.progress.rules import Progress
from app.progress.service import save_entry
from app.ratings import service as ratings


@pytest.fixture
def make_rater(make_user):
    """A member (not signed in) at `episode` of `show`: make_rater(show, episode=5)."""

    def build(show: Show, *, episode: int, username: str | None = None) -> User:
        user = make_user(username)
        status = "completed" if episode == show.episode_count else "watching"
        save_entry(user, show, Progress(episode, status))
        db.session.commit()
        return user

    return build


@pytest.fixture
def rate(make_rater):
    """Ratings through the service, committed: rate(show, episode, 8.0, 7.5, ...) adds one
    new member per value (at the show's last episode); returns them."""

    def build(show: Show, episode: int, *values: float) -> list[User]:
        members = []
        for value in values:
            member = make_rater(show, episode=show.episode_count)
            ratings.rate(member, show, episode, value)
            db.session.commit()
            members.append(member)
        return members

    return build


def episode_stats(show: Show, episode: int) -> tuple[int, float]:
    """(count, sum) stored for the episode, read afresh ((0, 0.0) without a row)."""
    db.session.expire_all()
    row = db.session.get(EpisodeStats, (show.id, episode))
    return (row.rating_count, row.rating_sum) if row else (0, 0.0)
