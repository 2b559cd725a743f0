"""Comments: posting with and without htmx, spoiler gating, edit window, deletion."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Comment
from app.models.user import utcnow


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def post(client, review, body, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.submit(f"/reviews/{review.id}/comments", {"body": body}, headers=headers)


def test_plain_comment_redirects_to_it(client, make_review, make_user, login):
    review = make_review()
    login(make_user())
    response = post(client, review, "Great point.")
    comment = db.session.scalar(select(Comment))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reviews/{review.id}#comment-{comment.id}"
    assert f'<li id="comment-{comment.id}"' in client.get(f"/reviews/{review.id}").text


def test_htmx_comment_appends_in_place_and_clears_the_form(client, make_review, make_user, login):
    review = make_review()
    login(make_user())
    response = post(client, review, "HTMX-COMMENT", htmx=True)
    assert response.status_code == 200
    assert response.text.startswith('<form id="comment-form"')
    assert "<p>HTMX-COMMENT</p>" in response.text  # the new comment, out of band
    assert 'hx-swap-oob="beforeend:#comment-list"' in response.text
    form = response.text.split("</form>")[0]
    assert "HTMX-COMMENT" not in form  # the form comes back empty


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write something first."),
        ("x" * 4001, "A comment has at most 4,000 characters."),
        ("open [spoiler ep=3]never closed", "Line 1:"),
        ("[spoiler ep=99]too far[/spoiler]", "Line 1:"),
    ],
)
def test_bad_comment_is_refused_and_keeps_the_text(client, make_review, make_user, login, body,
                                                   message):  # fmt: skip
    review = make_review()
    login(make_user())
    fragment = post(client, review, body, htmx=True)
    assert fragment.status_code == 422
    assert message in fragment.text
    page = post(client, review, body)
    assert page.status_code == 200
    assert message in page.text and "<h1" in page.text
    if body and len(body) < 100:
        assert body.split("[")[0] in page.text
    assert comment_count() == 0


def test_commenting_needs_an_account_that_is_not_banned(client, make_review, make_user, login):
    review = make_review()
    assert post(client, review, "hi").status_code == 302
    user = make_user()
    user.is_banned = True
    db.session.commit()
    login(user)
    assert post(client, review, "hi").status_code == 403
    assert comment_count() == 0


def test_comment_spoilers_are_gated_and_revealed_per_episode(
    client, make_review, make_user, login, make_reader
):
    review = make_review()
    show = review.show
    login(make_user())
    post(
        client,
        review,
        "Plain CMT-PLAIN. [spoiler ep=6]CMT-EP6[/spoiler] [spoiler]CMT-END[/spoiler]",
    )
    comment = db.session.scalar(select(Comment))
    client.submit("/logout")
    make_reader(show, episode=5)
    html = client.get(f"/reviews/{review.id}").text
    assert "CMT-PLAIN" in html
    assert "CMT-EP6" not in html and "CMT-END" not in html
    # htmx reveals with a POST, which keeps the episode revealed (test_remembered_reveals.py)
    assert f'hx-post="/comments/{comment.id}/spoilers/6?comments=1"' in html
    fragment = client.get(f"/comments/{comment.id}/spoilers/6", headers={"HX-Request": "true"})
    assert "CMT-EP6" in fragment.text and "CMT-END" not in fragment.text
    plain = client.get(f"/comments/{comment.id}/spoilers/6")
    assert plain.headers["Location"] == f"/reviews/{review.id}?reveal=6#comment-{comment.id}"
    revealed = client.get(f"/reviews/{review.id}?reveal=6").text
    assert "CMT-EP6" in revealed and "CMT-END" not in revealed
    assert client.get(f"/comments/{comment.id}/spoilers/3").status_code == 404


def test_author_edits_within_fifteen_minutes_only(client, make_review, make_user, login):
    review = make_review()
    author = make_user()
    login(author)
    post(client, review, "First text.")
    comment = db.session.scalar(select(Comment))
    response = client.submit(f"/comments/{comment.id}/edit", {"body": "Second text."})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body == "Second text."
    comment.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    assert client.get(f"/comments/{comment.id}/edit").status_code == 403
    assert client.submit(f"/comments/{comment.id}/edit", {"body": "Late."}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body == "Second text."


def test_deleted_comment_keeps_its_place(client, make_review, make_user, login):
    review = make_review()
    login(make_user())
    post(client, review, "DELETE-ME")
    comment = db.session.scalar(select(Comment))
    assert client.submit(f"/comments/{comment.id}/delete").status_code == 303
    html = client.get(f"/reviews/{review.id}").text
    assert "DELETE-ME" not in html
    assert f'<li id="comment-{comment.id}" class="comment comment-deleted">' in html
    assert "Comment deleted." in html


def test_others_cannot_edit_or_delete_a_comment(client, make_review, make_user, login):
    review = make_review()
    login(make_user())
    post(client, review, "MINE")
    comment = db.session.scalar(select(Comment))
    client.submit("/logout")
    login(make_user())
    assert client.get(f"/comments/{comment.id}/edit").status_code == 403
    assert client.submit(f"/comments/{comment.id}/delete").status_code == 403
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == "visible"


def test_comments_are_paginated_fifty_a_page(client, make_review, make_user):
    review = make_review()
    author = make_user()
    for n in range(53):
        db.session.add(Comment(review=review, author=author, body=f"C{n}",
                               segments=[[{"html": f"<p>COMMENT-{n:02d}</p>"}]]))  # fmt: skip
    db.session.commit()
    first = client.get(f"/reviews/{review.id}").text
    assert "COMMENT-49" in first and "COMMENT-50" not in first
    second = client.get(f"/reviews/{review.id}?page=2").text
    assert "COMMENT-52" in second and "COMMENT-00" not in second
