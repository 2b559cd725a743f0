"""Anonymous readers' browsers revalidate the show page (issue 20): the page carries an
ETag digested from the page cache's key and the browser's frame, and a matching
If-None-Match is answered 304 without rendering. Anything the page shows that changes
(a review, the reader's progress, the theme, a waiting message, a deploy) changes the tag;
members get no tag."""

import pytest
from flask import template_rendered


@pytest.fixture
def show(make_show, make_review):
    show = make_show(episodes=10)
    make_review("A calm review.", show=show, title="Calm")
    return show


@pytest.fixture
def slug(show):
    return show.slug


def tag_of(client, url: str) -> str:
    """The ETag of a second view (the first gives the browser its CSRF secret)."""
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    return response.headers["ETag"]


def revalidate(client, url: str, tag: str):
    return client.get(url, headers={"If-None-Match": tag})


def test_a_current_copy_is_answered_304_without_rendering(app, client, slug, count_queries):
    url = f"/shows/{slug}"
    tag = tag_of(client, url)
    rendered = []
    template_rendered.connect(lambda *_a, **kw: rendered.append(kw["template"].name), app)
    with count_queries() as seen:
        response = revalidate(client, url, tag)
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == tag
    assert rendered == []
    assert seen.count == 1  # the show with the site mean C, as a page cache hit


def test_a_new_review_changes_the_tag(client, show, make_review):
    url = f"/shows/{show.slug}"
    tag = tag_of(client, url)
    make_review("Another view.", show=show)
    response = revalidate(client, url, tag)
    assert response.status_code == 200 and "Another view." in response.text
    assert response.headers["ETag"] != tag


def test_progress_in_the_session_changes_the_tag(client, slug):
    url = f"/shows/{slug}"
    tag = tag_of(client, url)
    client.submit(f"{url}/progress", {"episodes_watched": "3", "status": "watching"}, page=url)
    response = revalidate(client, url, tag)
    assert response.status_code == 200
    assert "3 of 10 episodes watched" in response.text


def test_the_theme_changes_the_tag(client, slug):
    url = f"/shows/{slug}"
    tag = tag_of(client, url)
    client.set_cookie("theme", "dark")
    response = revalidate(client, url, tag)
    assert response.status_code == 200 and 'data-theme="dark"' in response.text


def test_another_query_string_has_its_own_tag(client, slug):
    url = f"/shows/{slug}"
    assert tag_of(client, url) != tag_of(client, f"{url}?sort=helpful")
    assert tag_of(client, url) != tag_of(client, f"{url}?utm_source=x")  # the sign-in link's next


def test_a_new_release_changes_the_tag(app, client, slug):
    url = f"/shows/{slug}"
    tag = tag_of(client, url)
    app.extensions["release"] = "another-deploy"
    assert revalidate(client, url, tag).status_code == 200


def test_a_browser_without_its_csrf_secret_gets_the_page(app, client, slug):
    url = f"/shows/{slug}"
    tag = tag_of(client, url)
    fresh = app.test_client()  # another browser sending the same tag: its page needs a token
    response = fresh.get(url, headers={"If-None-Match": tag})
    assert response.status_code == 200 and "ETag" not in response.headers


def test_members_get_no_tag(app, client, slug, make_user, login):
    login(make_user("mina"))
    url = f"/shows/{slug}"
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "private"


def test_a_waiting_message_is_shown_not_revalidated(client, slug):
    url = f"/shows/{slug}"
    tag = tag_of(client, url)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "A WAITING MESSAGE")]
    response = revalidate(client, url, tag)
    assert response.status_code == 200 and "A WAITING MESSAGE" in response.text


def test_the_release_follows_the_files_but_not_their_bytecode(tmp_path):
    """Each worker computes the release itself: bytecode it or another worker writes while
    importing must not change it; a changed file must."""
    from flask import Flask

    from app.pagecache import release_of

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("one")
    site = Flask("site", root_path=str(tmp_path), template_folder="templates")
    before = release_of(site)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\x00")
    assert release_of(site) == before
    (tmp_path / "templates" / "page.html").write_text("two, longer")
    assert release_of(site) != before
