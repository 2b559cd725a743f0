"""Builders for notification tests: comments and replies posted through the services."""

import pytest

from app.comments import service as comment_service
from app.extensions import db
from app.markup import render_document
from app.models import Notification
from app.progress.rules import Progress
from app.progress.service import save_entry


@pytest.fixture
def comment_on(make_user):
    """comment_on(review, body, author=...): a comment under `review`, committed."""

    def build(review, body="Nice review.", *, author=None):
        author = author or make_user()
        segments = render_document(body, episode_count=review.show.episode_count)
        comment = comment_service.add_comment(review, author, body, segments)
        db.session.commit()
        return comment

    return build


@pytest.fixture
def in_thread(make_user):
    """in_thread(show, episode, body, author=..., parent=...): a post in an episode's
    thread by an author who watched the whole show, committed."""

    def build(show, episode, body="A thought.", *, author=None, parent=None):
        author = author or make_user()
        save_entry(author, show, Progress(show.episode_count, "completed"))
        segments = render_document(body, episode_count=show.episode_count)
        comment = comment_service.add_thread_comment(
            show, episode, author, body, segments, parent=parent
        )
        db.session.commit()
        return comment

    return build


@pytest.fixture
def notifications_of():
    """notifications_of(user): their notifications, oldest first."""

    def read(user):
        db.session.expire_all()
        return list(
            db.session.scalars(
                db.select(Notification)
                .where(Notification.recipient_id == user.id)
                .order_by(Notification.id)
            )
        )

    return read
