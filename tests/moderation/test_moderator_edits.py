"""A moderator's edit or deletion of someone else's review asks a reason and is logged;
an author's own edits and deletions ask nothing and log nothing."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ModerationAction, Review, ReviewRevision

EDIT = {
    "title": "Edited title",
    "body": "Edited text.",
    "episodes_watched": "10",
    "rating_overall": "8.0",
}
REASON_MISSING = "Give a reason: it goes in the moderation log."
REASON_TOO_LONG = "A reason has at most 500 characters."


def log_entries() -> list[tuple[str, str, int, str]]:
    db.session.expire_all()
    return [(e.action, e.target_type, e.target_id, e.reason) for e in
            db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))]  # fmt: skip


def reason_input(html: str) -> bool:
    return 'name="reason"' in html


@pytest.fixture
def others_review(make_review, make_user, login):
    """A review by someone else, and a signed-in moderator."""
    review = make_review("Original text.", author=make_user("author"), title="Original title")
    login(make_user("mod", role="moderator"))
    return review


def test_moderator_edit_of_others_review_asks_a_reason_and_is_logged(client, others_review):
    form = client.get(f"/reviews/{others_review.id}/edit").text
    assert reason_input(form) and "Reason" in form
    response = client.submit(f"/reviews/{others_review.id}/edit", EDIT | {"reason": "slur"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Review, others_review.id).body == "Edited text."
    revision = db.session.scalar(select(ReviewRevision))
    assert (revision.body, revision.reason) == ("Original text.", "slur")
    assert log_entries() == [("review_edit", "review", others_review.id, "slur")]
    log = client.get("/mod/log").text
    assert "review edit" in log and "slur" in log
    assert "-Original text." in log and "+Edited text." in log  # the diff is logged


@pytest.mark.parametrize(
    ("reason", "message"),
    [(None, REASON_MISSING), ("", REASON_MISSING), ("   ", REASON_MISSING),
     ("x" * 501, REASON_TOO_LONG)],
    ids=["missing", "empty", "blank", "too-long"],
)  # fmt: skip
def test_moderator_edit_without_a_valid_reason_changes_nothing(client, others_review, reason,
                                                               message):  # fmt: skip
    data = EDIT if reason is None else EDIT | {"reason": reason}
    response = client.submit(f"/reviews/{others_review.id}/edit", data)
    assert response.status_code == 200
    assert message in response.text
    assert "Edited text." in response.text  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(Review, others_review.id).body == "Original text."
    assert db.session.scalar(select(func.count()).select_from(ReviewRevision)) == 0
    assert log_entries() == []


def test_moderator_delete_of_others_review_asks_a_reason_and_is_logged(client, others_review):
    page = client.get(f"/reviews/{others_review.id}").text
    delete_form = page[page.index(f'action="/reviews/{others_review.id}/delete"') :]
    assert reason_input(delete_form.split("</form>")[0])
    review_id, show_page = others_review.id, f"/shows/{others_review.show.slug}"
    response = client.submit(f"/reviews/{review_id}/delete", {"reason": "spam review"})
    assert response.status_code == 303
    assert response.headers["Location"] == show_page
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0
    assert log_entries() == [("review_delete", "review", review_id, "spam review")]
    assert "Original title" in client.get("/mod/log").text  # the label outlives the review


@pytest.mark.parametrize(
    ("reason", "message"),
    [(None, REASON_MISSING), ("", REASON_MISSING), ("x" * 501, REASON_TOO_LONG)],
    ids=["missing", "empty", "too-long"],
)
def test_moderator_delete_without_a_valid_reason_changes_nothing(client, others_review, reason,
                                                                 message):  # fmt: skip
    data = {} if reason is None else {"reason": reason}
    response = client.submit(f"/reviews/{others_review.id}/delete", data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reviews/{others_review.id}"
    assert message in client.get(response.headers["Location"]).text  # flashed on the review
    assert db.session.get(Review, others_review.id) is not None
    assert log_entries() == []


@pytest.mark.parametrize("who", ["author", "moderator-author"])
def test_authors_own_edit_and_delete_ask_no_reason_and_log_nothing(
    client, make_review, make_user, login, who
):
    author = make_user(role="moderator" if who == "moderator-author" else "user")
    review = make_review("Mine.", author=author)
    login(author)
    assert not reason_input(client.get(f"/reviews/{review.id}/edit").text)
    assert not reason_input(client.get(f"/reviews/{review.id}").text.split("Delete")[0])
    assert client.submit(f"/reviews/{review.id}/edit", EDIT).status_code == 303
    db.session.expire_all()
    assert db.session.get(Review, review.id).body == "Edited text."  # control: it saved
    assert db.session.scalar(select(ReviewRevision.reason)) is None
    assert client.submit(f"/reviews/{review.id}/delete").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0
    assert log_entries() == []
