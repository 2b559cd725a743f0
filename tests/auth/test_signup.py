"""Signing up: the happy path and a table of bad input that creates nothing."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import User

GOOD = {
    "username": "Seon_gyeom-1",
    "email": "Runner@Example.com",
    "password": "ten chars!",
    "confirm": "ten chars!",
}


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_signup_creates_user_and_signs_in(client):
    response = client.submit("/signup", GOOD, page="/signup")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    home = client.get("/").text
    assert 'class="current-user">Seon_gyeom-1</span>' in home
    user = User.by_username("seon_gyeom-1")
    assert user.email == "runner@example.com"
    assert user.password_hash.startswith("scrypt:32768:8:1$")  # the full cost
    assert user.check_password("ten chars!")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": ""}, "Choose a username."),
        ({"username": "ab"}, "A username has 3 to 30 characters."),
        ({"username": "a" * 31}, "A username has 3 to 30 characters."),
        ({"username": "no spaces"}, "A username may hold only letters, digits"),
        ({"username": "émile"}, "A username may hold only letters, digits"),
        ({"username": "<script>"}, "A username may hold only letters, digits"),
        ({"email": ""}, "Enter your email address."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": "a@" + "b" * 250 + ".test"}, "That email address is too long."),
        ({"password": "", "confirm": ""}, "Choose a password."),
        ({"password": "short", "confirm": "short"}, "A password has 10 to 200 characters."),
        ({"password": "x" * 201, "confirm": "x" * 201}, "A password has 10 to 200 characters."),
        ({"confirm": "ten chars?"}, "The two passwords do not match."),
        ({"confirm": ""}, "Type the password again."),
    ],
)
def test_signup_with_bad_input_shows_message_and_creates_nothing(client, changes, message):
    response = client.submit("/signup", GOOD | changes, page="/signup")
    assert response.status_code == 200
    assert message.replace("'", "&#39;") in response.text
    assert user_count() == 0
    typed_username = (GOOD | changes)["username"]
    if typed_username and "<" not in typed_username:
        assert f'value="{typed_username}"' in response.text  # what was typed is kept


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "MINJI"}, "That username is taken."),
        ({"username": "minji"}, "That username is taken."),
        ({"email": "MINJI@example.com"}, "An account with that email already exists."),
    ],
)
def test_signup_duplicate_in_other_case_is_refused(client, make_user, changes, message):
    make_user("Minji")
    response = client.submit(
        "/signup", GOOD | {"username": "someone", "email": "x@example.com"} | changes
    )
    assert response.status_code == 200
    assert message in response.text
    assert user_count() == 1


def test_signup_when_signed_in_goes_home(client, make_user, login):
    login(make_user())
    response = client.get("/signup")
    assert response.status_code == 303  # as sign-in: to `next`, else home
    assert response.headers["Location"] == "/"
