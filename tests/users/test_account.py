"""Changing email and password on /account; profiles."""

import pytest

from app.extensions import db
from app.models import User
from tests.fixtures.users import PASSWORD

NEW_PASSWORD = "a brand new password"


def test_change_email_with_current_password_waits_for_the_mailed_link(client, make_user, login):
    user = make_user("minji")
    login(user)
    data = {"email": "New@Example.com", "current_password": PASSWORD, "is_list_public": "y"}
    response = client.submit("/account", data, page="/account")
    assert response.status_code == 303
    db.session.expire_all()
    # The address changes when the link mailed to it is opened (issue 19; tests/auth/
    # test_email_change.py follows it).
    assert db.session.get(User, user.id).email == "minji@example.com"
    assert "We sent a link to new@example.com" in client.get("/account").text


def test_change_password_signs_out_other_sessions(app, client, make_user, login):
    user = make_user("minji")
    login(user)
    elsewhere = app.test_client()
    elsewhere.submit("/login", {"username": "minji", "password": PASSWORD}, page="/login")
    data = {
        "email": user.email,
        "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "current_password": PASSWORD,
    }
    assert client.submit("/account", data, page="/account").status_code == 303
    assert 'class="current-user">minji' in client.get("/").text  # this session stays
    assert "current-user" not in elsewhere.get("/").text  # the other one is signed out
    client.submit("/logout")
    old = client.submit("/login", {"username": "minji", "password": PASSWORD}, page="/login")
    assert old.status_code == 200
    new = client.submit("/login", {"username": "minji", "password": NEW_PASSWORD}, page="/login")
    assert new.status_code == 303


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"current_password": "wrong password!"}, "Your current password is not correct."),
        ({"current_password": ""}, "Enter your current password to save changes."),
        ({"new_password": "short", "confirm": "short"}, "A password has 10 to 200 characters."),
        ({"new_password": NEW_PASSWORD, "confirm": "something else"}, "do not match"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": "Taken@example.com"}, "An account with that email already exists."),
    ],
)
def test_account_bad_input_changes_nothing(client, make_user, login, changes, message):
    make_user("taken")
    user = make_user("minji")
    before = (user.email, user.password_hash, user.session_token)
    login(user)
    data = {"email": "changed@example.com", "current_password": PASSWORD} | changes
    response = client.submit("/account", data, page="/account")
    assert response.status_code == 200
    assert message in response.text
    db.session.expire_all()
    fresh = db.session.get(User, user.id)
    assert (fresh.email, fresh.password_hash, fresh.session_token) == before


def test_account_requires_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_csrf_token_of_another_session_is_refused(client, make_user, login, adversary):
    victim = make_user("victim")
    login(victim)
    stolen_token = adversary.csrf_token("/account")
    data = {
        "email": "mallory@evil.example",
        "current_password": PASSWORD,
        "csrf_token": stolen_token,
    }
    response = client.post("/account", data=data)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, victim.id).email == "victim@example.com"


def test_profile_shows_user_but_not_email(client, make_user):
    make_user("minji")
    html = client.get("/users/MINJI").text
    assert "<h1>minji</h1>" in html
    assert '<span class="avatar avatar-96 avatar-hue-' in html  # initials: no picture yet
    assert "minji@example.com" not in html
    assert client.get("/users/nobody").status_code == 404
