"""The review preview enforces the posting limits (issue 14): a body the review form
would refuse is refused by the preview with the same message, and one over the length
limit is never even rendered."""

import pytest
from sqlalchemy import func, select

from app import validators
from app.extensions import db
from app.models import Review
from tests.reviews.test_write import GOOD

LIMIT = "A review has at most 60,000 characters."


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """The length of every body the form validators render (spied on, still rendered)."""
    seen: list[int] = []
    real = validators.render_document

    def spy(text: str, **options):
        seen.append(len(text))
        return real(text, **options)

    monkeypatch.setattr(validators, "render_document", spy)
    return seen


@pytest.mark.parametrize(
    ("body", "status", "message", "rendered"),
    [
        ("a" * 1_000_000, 422, LIMIT, False),  # accepted and rendered before the fix
        ("a" * 60_001, 422, LIMIT, False),
        ("", 422, "Write your review.", False),
        ("[spoiler ep=3]x", 422, "Line 1: the spoiler opened here is never closed", True),
        ("- a\n" * 15_000, 422, "Line 1: too many list items to display quickly", True),
        ("> " * 20 + "deep", 422, "Line 1: lists and quotes nest more than 16 levels", True),
        ("[" * 8_000, 200, "[" * 8_000, True),  # 12.7 s before: now rendered as typed
        ("a" * 60_000, 200, "a" * 60_000, True),  # control: at the limit, rendered
    ],
    ids=["1,000,000", "60,001", "empty", "bad spoiler", "costly", "too deep", "[ x8000", "60,000"],
)
def test_preview_enforces_the_posting_limits(
    client, make_show, make_user, login, renders, body, status, message, rendered
):
    show = make_show(episodes=10)
    login(make_user())
    response = client.submit(
        f"/shows/{show.slug}/reviews/preview", GOOD | {"body": body}, headers={"HX-Request": "true"}
    )
    assert response.status_code == status
    assert message in response.text
    assert bool(renders) is rendered  # a body over the limit is refused unread
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0
