"""The unread count and the notifications page cost the same however many there are."""

import pytest

from app.extensions import db
from app.models import Notification

HX = {"HX-Request": "true"}


@pytest.fixture
def app_settings() -> dict:
    """The page cache off (it holds show pages only, but the pins say what a request costs)."""
    return {"PAGE_CACHE_MB": 0}


def statements_for(client, count_queries, url: str, **kwargs) -> list[str]:
    client.get(url, **kwargs)  # warm up: the session cookie exists from here on
    with count_queries() as counter:
        assert client.get(url, **kwargs).status_code == 200
    return counter.statements


def add_mixed(member, actor, review, comment, count: int) -> None:
    """`count` notifications of every kind with a subject, for `member`."""
    for _ in range(count):
        db.session.add_all([
            Notification(recipient_id=member.id, kind="follow", actor_id=actor.id),
            Notification(recipient_id=member.id, kind="comment", actor_id=actor.id,
                         comment_id=comment.id, review_id=review.id, show_id=review.show_id),
            Notification(recipient_id=member.id, kind="moderation", action="comment_hide",
                         actor_id=actor.id, comment_id=comment.id, show_id=review.show_id,
                         reason="r"),
        ])  # fmt: skip
    db.session.commit()


@pytest.fixture
def scene(make_user, make_review, comment_on, login, client):
    member, actor = make_user(), make_user()
    review = make_review(author=member)
    comment = comment_on(review, "Hello.", author=actor)
    login(member)
    return member, actor, review, comment


def test_unread_count_is_one_query_however_many_are_unread(client, count_queries, scene):
    member, actor, review, comment = scene
    few = statements_for(client, count_queries, "/notifications/unread", headers=HX)
    add_mixed(member, actor, review, comment, 60)
    many = statements_for(client, count_queries, "/notifications/unread", headers=HX)
    assert len(few) == len(many) == 2  # the member (Flask-Login), the capped count
    assert "LIMIT" in many[-1] and "notification" in many[-1]


def test_notifications_page_query_count_is_flat(client, count_queries, scene):
    member, actor, review, comment = scene
    few = statements_for(client, count_queries, "/notifications")
    add_mixed(member, actor, review, comment, 10)
    many = statements_for(client, count_queries, "/notifications")
    assert len(few) == len(many)
    # the member, the page's count and rows (subjects joined), progress on their shows,
    # the opt-outs
    assert len(many) == 5
