"""Builders for the feed: follows, blocks and episode ratings written straight to the
database or through the services (which record the activity)."""

import pytest

from app.extensions import db
from app.models import Block, Follow, Show, User
from app.progress.rules import Progress
from app.progress.service import save_entry
from app.ratings import service as ratings


@pytest.fixture
def follow():
    """follow(follower, followed), committed."""

    def build(follower: User, followed: User) -> None:
        db.session.add(Follow(follower_id=follower.id, followed_id=followed.id))
        db.session.commit()

    return build


@pytest.fixture
def block():
    """block(blocker, blocked), committed."""

    def build(blocker: User, blocked: User) -> None:
        db.session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id))
        db.session.commit()

    return build


@pytest.fixture
def watch():
    """watch(member, show, episode): the member's entry at `episode` (watching, or
    completed at the last one), committed."""

    def build(member: User, show: Show, episode: int) -> None:
        status = "completed" if episode == show.episode_count else "watching"
        save_entry(member, show, Progress(episode, status))
        db.session.commit()

    return build


@pytest.fixture
def rate_episode(watch):
    """rate_episode(member, show, episode, value): the member watched the whole show and
    rated the episode through the service, committed."""

    def build(member: User, show: Show, episode: int, value: float) -> None:
        watch(member, show, show.episode_count)
        ratings.rate(member, show, episode, value)
        db.session.commit()

    return build
