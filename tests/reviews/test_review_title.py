"""A review's title is plain text every reader sees: no spoiler markup, no direction
overrides, in new reviews and in edits."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Review

GOOD = {"title": "Worth it", "body": "Plain.", "episodes_watched": "10", "rating_overall": "9.0"}
SPOILER_MESSAGE = "A title is shown to every reader: it cannot hold spoiler markup (found “{}”)."
SPOILER_TITLES = [
    ("Great show [spoiler ep=9]the doll wins[/spoiler]", "[spoiler ep=9]"),
    ("Great show [spoiler]the doll wins[/spoiler]", "[spoiler]"),
    ("Great show [SPOILER EP=9]the doll wins", "[SPOILER EP=9]"),
    ("The doll wins[/spoiler]", "[/spoiler]"),
    ("Great show >!the doll wins!<", ">!"),
    ("Great show ||the doll wins||", "||"),
    ("Great show ~!the doll wins!~", "~!"),
    ("Great show <spoiler>the doll wins</spoiler>", "<spoiler>"),
    ("The doll wins</spoiler>", "</spoiler>"),
]


def review_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Review))


@pytest.mark.parametrize(("title", "marker"), SPOILER_TITLES)
def test_review_title_with_spoiler_markup_is_refused_with_message(
    client, make_show, make_user, login, title, marker
):
    show = make_show(episodes=10)
    login(make_user())
    response = client.submit(f"/shows/{show.slug}/reviews/new", GOOD | {"title": title})
    assert response.status_code == 200
    assert SPOILER_MESSAGE.format(marker).replace(">", "&gt;").replace("<", "&lt;") in response.text
    assert review_count() == 0


def test_edited_review_title_with_spoiler_markup_is_refused(client, make_review, make_user, login):
    author = make_user()
    review = make_review(author=author, title="Original title")
    login(author)
    url = f"/reviews/{review.id}/edit"
    response = client.submit(url, GOOD | {"title": "Twist ||the doll wins||"}, page=url)
    assert response.status_code == 200
    assert SPOILER_MESSAGE.format("||") in response.text
    db.session.expire_all()
    assert db.session.get(Review, review.id).title == "Original title"


@pytest.mark.parametrize(
    "title",
    ["Good!", "Spoiler-free thoughts", "Spoilers ahead? No", "a > b, c! < d", "10/10 | wow"],
)
def test_review_title_without_markup_is_accepted(client, make_show, make_user, login, title):
    show = make_show(episodes=10)
    login(make_user())
    response = client.submit(f"/shows/{show.slug}/reviews/new", GOOD | {"title": title})
    assert response.status_code == 303
    assert db.session.scalar(select(Review.title)) == title


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                  "\u2067", "\u2068", "\u2069"])  # fmt: skip
def test_review_title_with_direction_override_is_refused(client, make_show, make_user, login, char):
    show = make_show(episodes=10)
    login(make_user())
    response = client.submit(f"/shows/{show.slug}/reviews/new", GOOD | {"title": f"Nice{char}txet"})
    assert response.status_code == 200
    assert f"Remove the text-direction control U+{ord(char):04X}" in response.text
    assert review_count() == 0


def test_review_form_hint_says_titles_hold_no_spoilers(client, make_show, make_user, login):
    show = make_show(episodes=10)
    login(make_user())
    form = client.get(f"/shows/{show.slug}/reviews/new").text
    assert 'id="title-hint"' in form and 'aria-describedby="title-hint"' in form
    assert "Every reader sees the title" in form
