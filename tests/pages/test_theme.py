"""The light/dark switch: POST /theme sets or clears the `theme` cookie, the next page is
rendered in that scheme from its first byte, and `next` never leaves the site."""

import re

import pytest

from app.theme import MAX_AGE

THEME_MESSAGE = "Choose a theme: light, dark or system."


def rendered_theme(html: str) -> tuple[str, str, list[str]]:
    """The page's <html data-theme>, its <meta name="color-scheme"> and the pressed button."""
    theme = re.search(r'<html lang="en" data-theme="([^"]*)">', html).group(1)
    scheme = re.search(r'<meta name="color-scheme" content="([^"]*)">', html).group(1)
    pressed = re.findall(r'value="(\w+)" aria-pressed="true"', html)
    return theme, scheme, pressed


def set_cookies(response) -> list[str]:
    return [v for v in response.headers.getlist("Set-Cookie") if v.startswith("theme=")]


def test_pages_follow_the_system_without_a_cookie(client):
    assert rendered_theme(client.get("/").text) == ("system", "light dark", ["system"])


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_switch_sets_a_year_long_cookie_and_the_next_page_uses_it(client, theme):
    response = client.submit("/theme", {"theme": theme, "next": "/about"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/about"
    (cookie,) = set_cookies(response)
    assert cookie.startswith(f"theme={theme};")
    assert f"Max-Age={MAX_AGE}" in cookie and MAX_AGE == 365 * 24 * 3600
    assert "SameSite=Lax" in cookie and "Path=/" in cookie and "HttpOnly" in cookie
    assert "Secure" not in cookie  # plain http: a Secure cookie would never come back
    assert rendered_theme(client.get("/about").text) == (theme, theme, [theme])


def test_system_clears_the_cookie(client):
    client.submit("/theme", {"theme": "dark"})
    assert rendered_theme(client.get("/").text)[0] == "dark"  # control: it was set
    response = client.submit("/theme", {"theme": "system"})
    assert response.status_code == 303
    (cookie,) = set_cookies(response)
    assert cookie.startswith("theme=;") and "Max-Age=0" in cookie
    assert client.get_cookie("theme") is None
    assert rendered_theme(client.get("/").text) == ("system", "light dark", ["system"])


def test_cookie_is_secure_when_the_request_is(client):
    token = client.csrf_token()
    response = client.post(
        "/theme",
        data={"theme": "dark", "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/"},  # Flask-WTF checks it over HTTPS
    )
    assert response.status_code == 303
    assert "Secure" in set_cookies(response)[0]


@pytest.mark.parametrize("value", ["blue", "", "DARK", " dark", "dark\x00", "light dark"])
def test_bad_theme_is_a_400_that_says_why_and_keeps_the_choice(client, value):
    client.submit("/theme", {"theme": "dark"})
    response = client.submit("/theme", {"theme": value, "next": "/about"})
    assert response.status_code == 400
    assert THEME_MESSAGE in response.text
    assert set_cookies(response) == []
    assert rendered_theme(client.get("/").text)[0] == "dark"  # the old choice stays


def test_missing_theme_field_is_a_400(client):
    response = client.submit("/theme", {"next": "/about"})
    assert response.status_code == 400
    assert THEME_MESSAGE in response.text


def test_theme_switch_without_csrf_token_is_refused(client):
    response = client.post("/theme", data={"theme": "dark"})
    assert response.status_code == 400
    assert set_cookies(response) == []


@pytest.mark.parametrize(
    "next_value",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/about\r\nSet-Cookie: theme=light",
        "",
    ],
)
def test_next_never_leaves_the_site(client, next_value):
    response = client.submit("/theme", {"theme": "dark", "next": next_value})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert set_cookies(response)[0].startswith("theme=dark;")  # the choice is kept anyway


def test_next_keeps_the_path_and_query(client):
    response = client.submit("/theme", {"theme": "light", "next": "/shows?q=run&sort=year"})
    assert response.headers["Location"] == "/shows?q=run&sort=year"


def test_htmx_switch_gets_204_and_the_cookie(client):
    response = client.submit("/theme", {"theme": "dark"}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert set_cookies(response)[0].startswith("theme=dark;")


def test_htmx_bad_theme_gets_the_message_in_the_message_area(client):
    response = client.submit("/theme", {"theme": "sepia"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#messages"
    assert THEME_MESSAGE in response.text


def test_junk_cookie_reads_as_system(client):
    client.set_cookie("theme", "<script>")
    html = client.get("/").text
    assert rendered_theme(html) == ("system", "light dark", ["system"])
    assert "<script>" not in html.split("</head>")[0].split("<title>")[0]


def test_switch_comes_back_to_the_page_it_is_on(client):
    html = client.get("/shows?q=run").text
    switch = html[html.index('<form class="theme-switch"') :]
    assert '<input type="hidden" name="next" value="/shows?q=run">' in switch


def test_cached_show_page_holds_nothing_of_the_theme(client, app, make_show):
    """The show page's cached part is shared by readers of either scheme: only <html>,
    the meta tag and the footer's switch (outside the cache) differ."""
    show = make_show()
    dark = app.test_client()
    dark.set_cookie("theme", "dark")
    first = dark.get(f"/shows/{show.slug}").text  # renders and caches the page
    second = client.get(f"/shows/{show.slug}").text  # from the cache
    assert rendered_theme(first) == ("dark", "dark", ["dark"])
    assert rendered_theme(second) == ("system", "light dark", ["system"])

    def main_part(html: str) -> str:
        main = html[html.index("<main") : html.index("</main>")]
        return re.sub(r'(name="csrf_token" value=|content=)"[^"]*"', "", main)

    assert main_part(first) == main_part(second)
    assert "dark" not in main_part(first)
