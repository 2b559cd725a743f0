"""Writing, editing and deleting reviews: happy paths and bad input that saves nothing."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Review, ReviewRevision

GOOD = {
    "title": "Worth every tissue",
    "body": "Plain text.\n\n[spoiler ep=4]\nA block about four.\n[/spoiler]",
    "episodes_watched": "10",
    "rating_overall": "9.5",
    "rating_story": "9.0",
    "rating_acting": "",
    "rating_music": "8.5",
    "rating_rewatch": "",
}


def review_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Review))


def test_write_review_publishes_and_renders_once(client, make_show, make_reader):
    show = make_show(episodes=10)
    make_reader(show, episode=6)
    form = client.get(f"/shows/{show.slug}/reviews/new").text
    assert 'name="episodes_watched"' in form and 'value="6"' in form  # defaults to my progress
    response = client.submit(f"/shows/{show.slug}/reviews/new", GOOD)
    assert response.status_code == 303
    review = db.session.scalar(select(Review))
    assert response.headers["Location"] == f"/reviews/{review.id}"
    assert review.rating_overall == 9.5
    assert review.subratings() == {"story": 9.0, "acting": None, "music": 8.5, "rewatch": None}
    assert review.segments[1][0]["ep"] == 4
    assert review.excerpt == "Plain text."
    page = client.get(f"/reviews/{review.id}").text
    assert "written at episode 10 of 10" in page
    assert "preliminary" not in page


def test_preliminary_review_is_marked(client, make_review, make_show):
    review = make_review(episodes_watched=4)
    html = client.get(f"/reviews/{review.id}").text
    assert "written at episode 4 of 10" in html
    assert "preliminary" in html


def test_second_review_of_the_same_show_goes_to_edit(client, make_review, make_user, login):
    author = make_user()
    review = make_review(author=author)
    login(author)
    response = client.get(f"/shows/{review.show.slug}/reviews/new")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reviews/{review.id}/edit"
    again = client.submit(f"/shows/{review.show.slug}/reviews/new", GOOD)
    assert again.status_code == 303
    assert review_count() == 1


def test_overall_rating_starts_unchosen_and_is_required(client, make_show, make_user, login):
    show = make_show(episodes=10)
    login(make_user())
    form = client.get(f"/shows/{show.slug}/reviews/new").text
    select_html = form[form.index('name="rating_overall"') :].split("</select>")[0]
    assert '<option selected value="">Choose a rating</option>' in select_html
    assert "selected" not in select_html.split("Choose a rating", 1)[1]  # no score preselected
    untouched = {key: value for key, value in GOOD.items() if key != "rating_overall"}
    response = client.submit(f"/shows/{show.slug}/reviews/new", untouched)
    assert response.status_code == 200 and "Choose an overall rating." in response.text
    assert review_count() == 0


def test_writing_needs_sign_in(client, make_show):
    show = make_show()
    response = client.get(f"/shows/{show.slug}/reviews/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Give your review a title."),
        ({"title": "t" * 201}, "A title has at most 200 characters."),
        ({"body": ""}, "Write your review."),
        ({"body": "x" * 60_001}, "A review has at most 60,000 characters."),
        ({"body": "ok\n\n[spoiler ep=3]never closed"}, "Line 3:"),
        ({"body": "[spoiler ep=11]too far[/spoiler]"}, "Line 1:"),
        ({"body": "[spoiler ep=2]a [spoiler ep=3]b[/spoiler] c[/spoiler]"}, "Line 1:"),
        ({"body": "x [/spoiler]"}, "Line 1:"),
        ({"body": "[spoiler ep=abc]x[/spoiler]"}, "Line 1:"),
        ({"rating_overall": ""}, "Choose an overall rating."),
        ({"rating_overall": "0"}, "Choose a rating from 1.0 to 10.0 in steps of 0.5."),
        ({"rating_overall": "10.5"}, "Choose a rating from 1.0 to 10.0 in steps of 0.5."),
        ({"rating_overall": "7.3"}, "Choose a rating from 1.0 to 10.0 in steps of 0.5."),
        ({"rating_overall": "abc"}, "Choose a rating from 1.0 to 10.0 in steps of 0.5."),
        ({"rating_story": "11"}, "Choose a rating from 1.0 to 10.0 in steps of 0.5."),
        ({"episodes_watched": "11"}, "a whole number from 0 to 10"),
        ({"episodes_watched": "-1"}, "a whole number from 0 to 10"),
        ({"episodes_watched": "four"}, "a whole number from 0 to 10"),
    ],
)
def test_bad_review_input_keeps_text_and_saves_nothing(
    client, make_show, make_user, login, changes, message
):
    show = make_show(episodes=10)
    login(make_user())
    data = GOOD | changes
    response = client.submit(f"/shows/{show.slug}/reviews/new", data)
    assert response.status_code == 200
    assert message in response.text
    assert review_count() == 0
    if len(data["body"]) < 1000 and data["body"]:
        typed = data["body"].split("\n")[0].replace("[", "")
        assert typed in response.text.replace("[", "")  # what was typed is kept


def test_body_over_one_mebibyte_is_413_and_saves_nothing(client, make_show, make_user, login):
    show = make_show()
    login(make_user())
    response = client.submit(f"/shows/{show.slug}/reviews/new", GOOD | {"body": "x" * 1_100_000})
    assert response.status_code == 413
    assert review_count() == 0


def test_long_form_review_of_60000_characters_is_accepted(client, make_show, make_user, login):
    show = make_show()
    login(make_user())
    paragraph = "A long considered paragraph about the show. " * 20 + "\n\n"
    body = (paragraph * 70)[:59_990]
    response = client.submit(f"/shows/{show.slug}/reviews/new", GOOD | {"body": body})
    assert response.status_code == 303
    assert review_count() == 1


def test_edit_keeps_url_and_votes_and_stores_a_revision(client, make_review, make_user, login):
    author = make_user()
    review = make_review("Old text.", author=author, title="Old title")
    review.helpful_count = 3
    db.session.commit()
    login(author)
    form = client.get(f"/reviews/{review.id}/edit").text
    assert "Old text." in form
    response = client.submit(
        f"/reviews/{review.id}/edit", GOOD | {"title": "New title", "body": "New text."}
    )
    assert response.headers["Location"] == f"/reviews/{review.id}"
    db.session.expire_all()
    edited = db.session.get(Review, review.id)
    assert (edited.title, edited.body, edited.helpful_count) == ("New title", "New text.", 3)
    assert edited.edited_at is not None
    revision = db.session.scalar(select(ReviewRevision))
    assert (revision.title, revision.body, revision.ratings["overall"]) == (
        "Old title",
        "Old text.",
        8.0,
    )
    assert "edited" in client.get(f"/reviews/{review.id}").text


def test_edit_with_bad_markup_changes_nothing(client, make_review, make_user, login):
    author = make_user()
    review = make_review("Old text.", author=author)
    login(author)
    response = client.submit(f"/reviews/{review.id}/edit", GOOD | {"body": "[spoiler]open"})
    assert response.status_code == 200
    assert "Line 1:" in response.text
    db.session.expire_all()
    assert db.session.get(Review, review.id).body == "Old text."
    assert db.session.scalar(select(func.count()).select_from(ReviewRevision)) == 0


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_others_cannot_edit_or_delete(client, make_review, make_user, login, action):
    review = make_review()
    login(make_user())
    if action == "edit":
        assert client.get(f"/reviews/{review.id}/edit").status_code == 403
        response = client.submit(f"/reviews/{review.id}/edit", GOOD)
    else:
        response = client.submit(f"/reviews/{review.id}/delete")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Review, review.id).body == "A fine show."


@pytest.mark.parametrize("who", ["author", "moderator"])
def test_author_or_moderator_deletes(client, make_review, make_user, login, who):
    author = make_user()
    review = make_review(author=author)
    login(author if who == "author" else make_user(role="moderator"))
    data = {"reason": "off topic"} if who == "moderator" else {}  # a moderator says why
    response = client.submit(f"/reviews/{review.id}/delete", data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/shows/{review.show.slug}"
    assert review_count() == 0


def test_banned_member_cannot_write(client, make_show, make_user, login):
    show = make_show()
    user = make_user()
    user.is_banned = True
    db.session.commit()
    login(user)
    assert client.submit(f"/shows/{show.slug}/reviews/new", GOOD).status_code == 403
    assert review_count() == 0


def test_preview_shows_every_spoiler_labelled_or_the_error(client, make_show, make_user, login):
    show = make_show(episodes=10)
    login(make_user())
    url = f"/shows/{show.slug}/reviews/preview"
    good = client.submit(url, GOOD, headers={"HX-Request": "true"})
    assert good.status_code == 200
    assert good.text.startswith('<section id="review-preview"')
    assert '<p class="spoiler-label">Episode 4</p>' in good.text
    bad = client.submit(url, GOOD | {"body": "[spoiler ep=3]x"}, headers={"HX-Request": "true"})
    assert bad.status_code == 422
    assert "Line 1:" in bad.text
    plain = client.submit(url, GOOD)
    assert plain.status_code == 200
    assert "A block about four." in plain.text and "<h1>" in plain.text
    assert review_count() == 0
