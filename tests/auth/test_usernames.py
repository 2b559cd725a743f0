"""Usernames hold no whitespace or control characters and are one name in every case and
width: unique after NFKC normalisation and case folding, found by any of their forms."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import User
from tests.fixtures.users import PASSWORD

SIGNUP = {"email": "new@example.com", "password": "ten chars!", "confirm": "ten chars!"}
CHARSET = "A username may hold only letters, digits, &#39;_&#39; and &#39;-&#39;."


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("qz\n", CHARSET),
        ("qzz\n", CHARSET),
        ("\nqzz", CHARSET),
        ("qzz\r\n", CHARSET),
        (" qzz", CHARSET),
        ("qzz ", CHARSET),
        ("qzz\t", CHARSET),
        ("q zz", CHARSET),
        ("qzz\u00a0", CHARSET),
        ("qzz\u3000", CHARSET),
        ("qzz\u200b", CHARSET),
        ("qzz\u202e", CHARSET),
        ("qzz\x00", "Remove the control character U+0000"),
        ("qzz\x07", "Remove the control character U+0007"),
    ],
)
def test_signup_username_with_whitespace_or_control_is_refused(client, username, message):
    response = client.submit("/signup", SIGNUP | {"username": username}, page="/signup")
    assert response.status_code == 200
    assert message in response.text
    assert user_count() == 0


@pytest.mark.parametrize("taken", ["Minji", "minji", "MINJI", "ｍｉｎｊｉ", "Ｍｉｎｊｉ"])
def test_signup_username_equal_after_width_and_case_folding_is_taken(client, make_user, taken):
    make_user("Minji")
    response = client.submit("/signup", SIGNUP | {"username": taken}, page="/signup")
    assert response.status_code == 200
    assert "That username is taken." in response.text
    assert user_count() == 1


def test_signup_fullwidth_username_is_stored_in_its_plain_form(client):
    response = client.submit("/signup", SIGNUP | {"username": "Ｍｉｎｊｉ_２"}, page="/signup")
    assert response.status_code == 303
    assert db.session.scalars(select(User.username)).all() == ["Minji_2"]


@pytest.mark.parametrize("typed", ["Minji", "minji", "MINJI", "ｍｉｎｊｉ", " minji "])
def test_sign_in_finds_the_account_by_any_form_of_its_name(client, make_user, typed):
    make_user("Minji")
    response = client.submit("/login", {"username": typed, "password": PASSWORD}, page="/login")
    assert response.status_code == 303
    assert 'class="current-user">Minji</span>' in client.get("/").text


@pytest.mark.parametrize(
    "typed", ["Minji", "minji", "MINJI", "%EF%BD%8D%EF%BD%89%EF%BD%8E%EF%BD%8A%EF%BD%89"]
)
def test_profile_and_list_are_found_by_any_form_of_the_name(client, make_user, typed):
    make_user("Minji")
    assert client.get("/users/someone-else").status_code == 404  # control
    assert "Minji" in client.get(f"/users/{typed}").text
    assert client.get(f"/users/{typed}/list").status_code == 200


def test_username_key_is_unique_in_the_database(app, make_user):
    make_user("Minji")
    assert db.session.scalar(select(User.username_key)) == "minji"
    db.session.add(User(username="ｍｉｎｊｉ", email="other@example.com", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(User(username="minji2", email="other@example.com", password_hash="x"))
    db.session.flush()  # control: a different name is accepted
