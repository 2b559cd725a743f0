"""Reports: members report what others wrote, never their own."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Comment, Report

OWN_REPORT_MESSAGE = "You cannot report what you wrote."


@pytest.fixture
def own_writing(client, make_review, login):
    """A review and a comment on it by the same member, who stays signed in."""
    review = make_review()
    login(review.author)
    client.submit(f"/reviews/{review.id}/comments", {"body": "My own comment."})
    comment = db.session.scalar(select(Comment))
    return {"review": f"/reviews/{review.id}/report", "comment": f"/comments/{comment.id}/report"}


def report_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Report))


@pytest.mark.parametrize("target", ["review", "comment"])
@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_report_of_own_writing_is_refused(client, own_writing, target, headers):
    response = client.submit(own_writing[target], {"reason": "spam"}, headers=headers)
    assert response.status_code == 403
    assert OWN_REPORT_MESSAGE in response.text
    assert report_count() == 0


@pytest.mark.parametrize("target", ["review", "comment"])
def test_report_of_others_writing_is_filed(client, own_writing, make_user, login, target):
    client.submit("/logout")
    login(make_user())
    response = client.submit(own_writing[target], {"reason": "spam"})
    assert response.status_code == 303
    assert report_count() == 1
