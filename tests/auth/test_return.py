"""Signing in or up returns the reader to the page they were on (a safe `next`)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.fixtures.users import PASSWORD

SIGNUP = {
    "username": "newcomer",
    "email": "newcomer@example.com",
    "password": "a long password",
    "confirm": "a long password",
}


def header_link(html: str, label: str) -> str:
    """The href of the header's link named `label`."""
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    match = re.search(rf'<a href="([^"]*)"[^>]*>{label}</a>', header)
    assert match, f"no {label} link in the header"
    return unescape(match.group(1))


def next_of(url: str) -> tuple[str, str | None]:
    """The path of `url` and its `next` argument (None without one)."""
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query).get("next", [None])[0]


def hidden_next(html: str) -> str | None:
    """The `next` of the page's own form (in <main>: the footer's theme switch has one too)."""
    main = html.partition("<main")[2].partition("</main>")[0]
    match = re.search(r'<input type="hidden" name="next" value="([^"]*)">', main)
    return unescape(match.group(1)) if match else None


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("/shows/run-on", "/shows/run-on"),
        ("/shows?q=%EB%9F%B0%EC%98%A8&genre=Sports", "/shows?q=%EB%9F%B0%EC%98%A8&genre=Sports"),
        ("/no-such-page", None),  # no route: nothing to come back to
        ("/", None),  # home needs no way back
    ],
)
def test_header_sign_up_link_carries_the_current_page(client, demo_catalogue, page, expected):
    assert next_of(header_link(client.get(page).text, "Sign up")) == ("/signup", expected)


def test_header_links_carry_path_and_query(client, demo_catalogue):
    html = client.get("/shows?q=run&sort=year").text
    assert next_of(header_link(html, "Sign in")) == ("/login", "/shows?q=run&sort=year")
    assert next_of(header_link(html, "Sign up")) == ("/signup", "/shows?q=run&sort=year")


def test_sign_up_from_a_show_lands_back_on_it(client, demo_catalogue):
    signup_url = header_link(client.get("/shows/run-on").text, "Sign up")
    form = client.get(signup_url).text
    assert hidden_next(form) == "/shows/run-on"
    response = client.submit(signup_url, SIGNUP, page=signup_url)
    assert response.status_code == 303
    assert response.headers["Location"] == "/shows/run-on"
    assert 'class="current-user">newcomer</span>' in client.get("/shows/run-on").text


def test_sign_up_keeps_next_through_validation_errors(client, demo_catalogue):
    """A plain form post to /signup (no query string) with the hidden field alone."""
    bad = {**SIGNUP, "confirm": "something else", "next": "/shows/run-on"}
    response = client.submit("/signup", bad, page="/signup")
    assert response.status_code == 200
    assert "The two passwords do not match." in response.text
    assert hidden_next(response.text) == "/shows/run-on"
    assert next_of(header_link(response.text, "Sign in")) == ("/login", "/shows/run-on")
    response = client.submit("/signup", {**SIGNUP, "next": "/shows/run-on"}, page="/signup")
    assert response.headers["Location"] == "/shows/run-on"


def test_sign_in_from_a_show_lands_back_on_it(client, demo_catalogue, make_user):
    make_user("minji")
    login_url = header_link(client.get("/shows/run-on?reviews=mine").text, "Sign in")
    assert hidden_next(client.get(login_url).text) == "/shows/run-on?reviews=mine"
    response = client.submit(login_url, {"username": "minji", "password": PASSWORD}, page="/")
    assert response.headers["Location"] == "/shows/run-on?reviews=mine"


def test_sign_in_page_links_to_sign_up_with_the_same_next(client):
    html = client.get("/login?next=/shows/run-on").text
    assert next_of(header_link(html, "Sign up")) == ("/signup", "/shows/run-on")
    create = re.search(r'<a href="([^"]*)">Create an account</a>', html).group(1)
    assert next_of(unescape(create)) == ("/signup", "/shows/run-on")


@pytest.mark.parametrize(
    "next_value",
    [
        "//evil.example",
        "https://evil.example/shows",
        "/\\evil.example",
        "javascript:alert(1)",
        "/\tevil",
        "evil.example",
    ],
)
def test_sign_up_ignores_an_off_site_next(client, next_value):
    html = client.get("/signup", query_string={"next": next_value}).text
    assert hidden_next(html) is None
    assert "evil" not in header_link(html, "Sign in")
    response = client.submit(
        "/signup", {**SIGNUP, "next": next_value}, page="/signup", query_string={"next": next_value}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_a_page_behind_sign_in_still_returns_there(client, make_user):
    make_user("minji")
    response = client.get("/account")
    assert next_of(response.headers["Location"]) == ("/login", "/account")
    html = client.get(response.headers["Location"]).text
    assert hidden_next(html) == "/account"
    assert next_of(header_link(html, "Sign up")) == ("/signup", "/account")
    response = client.submit(
        "/login", {"username": "minji", "password": PASSWORD, "next": "/account"}, page="/login"
    )
    assert response.headers["Location"] == "/account"


def test_signed_in_member_visiting_sign_up_goes_to_next(client, make_user, login):
    login(make_user("minji"))
    response = client.get("/signup?next=/shows")
    assert response.status_code == 303
    assert response.headers["Location"] == "/shows"


def test_pages_answering_a_post_and_unknown_urls_carry_no_next(client):
    assert header_link(client.get("/no-such-page").text, "Sign in") == "/login"
    bad_login = client.submit("/login", {"username": "", "password": ""}, page="/login")
    assert header_link(bad_login.text, "Sign up") == "/signup"
