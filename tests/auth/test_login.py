"""Signing in and out, `next` redirects, remember-me and the login rate limit."""

import pytest

from tests.fixtures.users import PASSWORD


@pytest.mark.parametrize("name", ["minji", "MINJI", "minji@example.com", "Minji@Example.COM"])
def test_login_by_username_or_email_in_any_case(client, make_user, name):
    make_user("minji")
    response = client.submit("/login", {"username": name, "password": PASSWORD}, page="/login")
    assert response.status_code == 303
    assert 'class="current-user">minji</span>' in client.get("/").text


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("minji", "wrong password!", "Incorrect username or password."),
        ("nobody", PASSWORD, "Incorrect username or password."),
        ("", PASSWORD, "Enter your username or email."),
        ("minji", "", "Enter your password."),
    ],
)
def test_login_with_bad_credentials_is_refused(client, make_user, username, password, message):
    make_user("minji")
    data = {"username": username, "password": password}
    response = client.submit("/login", data, page="/login")
    assert response.status_code == 200
    assert message in response.text
    assert "current-user" not in client.get("/").text


@pytest.mark.parametrize(
    ("next_value", "expected"),
    [
        ("/shows", "/shows"),
        ("/users/minji?tab=list", "/users/minji?tab=list"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("http://evil.example/shows", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\tevil", "/"),
        ("", "/"),
    ],
)
def test_login_next_only_redirects_on_this_site(client, make_user, next_value, expected):
    make_user("minji")
    response = client.submit(
        "/login",
        {"username": "minji", "password": PASSWORD},
        page="/login",
        query_string={"next": next_value},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_login_required_page_sends_back_after_login(client, make_user):
    make_user("minji")
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    response = client.submit(
        response.headers["Location"], {"username": "minji", "password": PASSWORD}, page="/login"
    )
    assert response.headers["Location"] == "/account"


def test_remember_me_sets_httponly_lax_cookie(client, make_user, login):
    login(make_user("minji"), remember=True)
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_logout_needs_post_and_signs_out(client, make_user, login):
    login(make_user("minji"))
    assert client.get("/logout").status_code == 405
    response = client.submit("/logout")
    assert response.status_code == 303
    assert "current-user" not in client.get("/").text


def copy_of(client, cookie_name: str, app):
    """A fresh client holding only `client`'s cookie `cookie_name` (a stolen copy)."""
    cookie = client.get_cookie(cookie_name)
    assert cookie is not None, f"no {cookie_name} cookie to copy"
    thief = app.test_client()
    thief.set_cookie(cookie_name, cookie.value)
    return thief


@pytest.mark.parametrize("cookie_name", ["session", "remember_token"])
def test_logout_ends_copied_session_and_remember_cookies(app, client, make_user, login,
                                                         cookie_name):  # fmt: skip
    login(make_user("minji"), remember=True)
    before = copy_of(client, cookie_name, app)
    assert 'class="current-user">minji' in before.get("/").text  # control: the copy works
    stolen = copy_of(client, cookie_name, app)
    assert client.submit("/logout").status_code == 303
    assert "current-user" not in stolen.get("/").text
    assert "current-user" not in client.get("/").text


def test_logout_signs_the_member_out_everywhere(app, client, make_user, login):
    login(make_user("minji"))
    elsewhere = app.test_client()
    elsewhere.submit("/login", {"username": "minji", "password": PASSWORD}, page="/login")
    assert 'class="current-user">minji' in elsewhere.get("/").text
    client.submit("/logout")
    assert "current-user" not in elsewhere.get("/").text
    assert client.submit("/login", {"username": "minji", "password": PASSWORD},
                         page="/login").status_code == 303  # fmt: skip
    assert 'class="current-user">minji' in client.get("/").text
