"""The header (search, Shows, My list, the account menu), the footer's links and the
/about page they lead to."""

import re

import pytest


def header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


def links(html: str) -> dict[str, str]:
    """Link text (tags stripped) to href."""
    found = re.findall(r'<a [^>]*?href="([^"]*)"[^>]*>(.*?)</a>', html, re.DOTALL)
    return {re.sub(r"<[^>]+>|\s+", " ", text).strip(): href for href, text in found}


def test_visitor_header_has_search_shows_and_sign_in_without_a_menu(client):
    html = header(client.get("/about").text)
    assert 'id="site-q"' in html
    assert set(links(html)) == {"Unspoiled", "Shows", "Sign in", "Sign up"}
    assert links(html)["Sign up"] == "/signup?next=/about"
    assert "account-menu" not in html and "My list" not in html


def test_member_header_has_my_list_and_an_account_menu(client, login, make_user):
    user = make_user("minji")
    login(user)
    html = header(client.get("/").text)
    found = links(html)
    assert found["My list"] == "/users/minji/list"
    assert found["Profile"] == "/users/minji"
    assert found["Account"] == "/account"
    assert "Moderation" not in found
    menu = html[html.index('<details class="account-menu">') : html.index("</details>")]
    assert '<span class="current-user">minji</span>' in menu.split("</summary>")[0]
    assert 'action="/logout"' in menu and ">Sign out</button>" in menu
    assert "Sign in" not in html


def test_moderators_find_moderation_in_the_menu(client, login, make_user):
    login(make_user("sora", role="moderator"))
    menu = header(client.get("/").text).split('<ul class="menu-panel">')[1]
    assert links(menu)["Moderation"] == "/mod"


def test_current_section_is_marked_in_the_nav(client, login, make_user):
    login(make_user("minji"))
    assert (
        '<a href="/users/minji/list" aria-current="page">My list'
        in client.get("/users/minji/list").text
    )
    shows = header(client.get("/shows").text)
    assert '<a href="/shows" aria-current="page">Shows</a>' in shows
    assert 'id="site-q"' not in shows  # /shows has its own search form


@pytest.mark.parametrize("page", ["/", "/shows", "/about", "/login", "/no-such-page"])
def test_footer_links_about_scores_feeds_and_api_on_every_page(client, page):
    found = links(footer(client.get(page).text))
    assert found == {
        "About": "/about",
        "About scores": "/about/scores",
        "Feeds": "/about#feeds",
        "API": "/api/v1/shows",
    }


def test_about_page_explains_gating_and_links_the_feeds_and_api(client):
    response = client.get("/about")
    assert response.status_code == 200
    main = response.text[response.text.index("<main") : response.text.index("</main>")]
    assert '<h2 id="feeds">' in main and "/feed.atom" in main
    assert '<h2 id="spoilers">' in main and "placeholder" in main
    found = links(main)
    assert "/api/v1/shows" in found.values()
    assert "/about/scores" in found.values()
    assert client.get("/api/v1/shows").status_code == 200  # control: the link works
