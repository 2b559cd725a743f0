"""CSRF on every POST route, security headers and cookies, and the error pages."""

import re

import pytest
from flask import abort

from app.security import CONTENT_SECURITY_POLICY


def post_routes(app) -> list[str]:
    """Every URL in the app's map that accepts POST, with placeholder arguments."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        url = rule.rule
        for name, converter in rule._converters.items():
            if hasattr(converter, "items"):  # <any(a, b):name>
                value = sorted(converter.items)[0]
            else:
                value = "1" if converter.regex == r"\d+" else "x"
            url = re.sub(rf"<[^>]*\b{name}>", value, url)
        urls.append(url)
    return urls


def test_post_routes_are_found(app):
    urls = post_routes(app)
    assert {"/signup", "/login", "/logout", "/account"} <= set(urls)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_every_post_route_refuses_a_request_without_csrf_token(
    app, client, make_user, login, signed_in
):
    if signed_in:
        login(make_user())
    for url in post_routes(app):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post(url, data={"anything": "1"}, headers=headers)
            assert response.status_code == 400, url
            assert "CSRF token is missing" in response.text, url


def test_csrf_header_is_accepted_for_htmx(client, make_user, login):
    login(make_user())
    token = client.csrf_token("/")
    response = client.post("/logout", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 303


@pytest.fixture
def error_routes(app):
    """Test-only routes that fail with a given status, registered before any request."""

    @app.get("/_test/abort/<int:code>")
    def abort_with(code: int):
        abort(code)

    @app.get("/_test/crash")
    def crash():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def assert_security_headers(response) -> None:
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("url", "headers", "status"),
    [
        ("/", {}, 200),
        ("/shows", {"HX-Request": "true"}, 200),
        ("/nope", {}, 404),
        ("/nope", {"HX-Request": "true"}, 404),
        ("/healthz", {}, 200),
        ("/healthz/live", {}, 200),
        ("/_test/crash", {}, 500),
    ],
)
def test_security_headers_on_pages_fragments_and_errors(error_routes, client, url, headers, status):
    response = client.get(url, headers=headers)
    assert response.status_code == status
    assert_security_headers(response)


def test_html_responses_vary_on_hx_request(client):
    assert "HX-Request" in client.get("/").headers["Vary"]
    assert "HX-Request" in client.get("/nope", headers={"HX-Request": "true"}).headers["Vary"]


def test_session_cookie_is_httponly_and_lax(client):
    client.get("/login")
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure


@pytest.mark.parametrize("app_settings", [{"SESSION_COOKIE_SECURE": True}])
def test_cookies_are_secure_when_configured(app, client, make_user):
    make_user("minji")
    response = client.get("/login", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (400, "Bad request"),
        (403, "Not allowed"),
        (404, "Not found"),
        (405, "Method not allowed"),
        (413, "Too large"),
        (422, "Could not process"),
        (429, "Slow down"),
    ],
)
def test_error_page_is_friendly_with_and_without_htmx(error_routes, client, code, title):
    page = client.get(f"/_test/abort/{code}")
    assert page.status_code == code
    assert f"<h1>{title}</h1>" in page.text
    assert "<nav" in page.text  # a full page with the site's header
    fragment = client.get(f"/_test/abort/{code}", headers={"HX-Request": "true"})
    assert fragment.status_code == code
    assert fragment.text.startswith('<p id="error-message"')
    assert "<html" not in fragment.text
    assert fragment.headers["HX-Retarget"] == "#messages"


def test_unhandled_error_gives_friendly_500_without_details(error_routes, client):
    response = client.get("/_test/crash")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "boom" not in response.text
    assert "Traceback" not in response.text
    fragment = client.get("/_test/crash", headers={"HX-Request": "true"})
    assert fragment.status_code == 500
    assert fragment.text.startswith('<p id="error-message"')


def test_body_over_one_mebibyte_is_413(client):
    token = client.csrf_token("/signup")
    body = {"csrf_token": token, "username": "x" * (1024 * 1024 + 10)}
    response = client.post("/signup", data=body)
    assert response.status_code == 413
    assert "larger than we accept" in response.text


def test_method_not_allowed_is_friendly(client):
    response = client.put("/login")
    assert response.status_code == 405
    assert "<h1>Method not allowed</h1>" in response.text


@pytest.mark.parametrize(
    ("url", "headers", "signed_in"),
    [
        ("/", {}, False),
        ("/", {}, True),
        ("/shows/{slug}", {}, True),
        ("/shows/{slug}", {"HX-Request": "true"}, False),
        ("/reviews/{review}", {}, False),
        ("/shows/{slug}/feed.atom", {}, False),
        ("/api/v1/shows", {}, False),
        ("/login", {}, False),
        ("/account", {}, True),
        ("/nope", {}, True),
        ("/healthz/live", {}, False),
    ],
)
def test_responses_are_private_to_the_reader(client, make_review, make_user, login, url,
                                             headers, signed_in):  # fmt: skip
    review = make_review()
    if signed_in:
        login(make_user())
    response = client.get(url.format(slug=review.show.slug, review=review.id), headers=headers)
    assert response.status_code in (200, 404)
    assert response.headers["Cache-Control"] == "private"


def test_redirect_after_post_is_private(client, make_user, login):
    login(make_user())
    response = client.submit("/logout")
    assert response.status_code == 303
    assert response.headers["Cache-Control"] == "private"


def test_static_files_keep_their_own_cache_control(client):
    with client.get("/static/app.css") as response:
        assert response.status_code == 200
        assert "Cache-Control" in response.headers  # control: Flask sets its own
        assert "private" not in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("site_url", "origin"),
    [
        (None, "http://attacker.example"),  # without SITE_URL: the request's host, as before
        ("https://unspoiled.example", "https://unspoiled.example"),
        ("https://unspoiled.example/", "https://unspoiled.example"),
    ],
    ids=["unset", "set", "trailing-slash"],
)
def test_feed_links_come_from_site_url_not_the_host_header(app, client, make_review, site_url,
                                                           origin):  # fmt: skip
    app.config["SITE_URL"] = site_url
    review = make_review()
    url = f"/shows/{review.show.slug}/feed.atom"
    xml = client.get(url, headers={"Host": "attacker.example"}).text
    links = re.findall(r'href="([^"]+)"', xml) + re.findall(r"<id>([^<]+)</id>", xml)
    assert f"{origin}/reviews/{review.id}" in links  # control: the entry's link
    assert len(links) == 5
    assert all(link.startswith(f"{origin}/") for link in links), links
