"""The show page cache (app/pagecache.py): repeat views are cheap, and no write, reader
or session ever gets a page rendered for another state of the show or another reader."""

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Review
from app.pagecache import PageCache
from tests.fixtures.users import PASSWORD

SPOILER_BODY = "Opening thoughts.\n\n[spoiler ep=7]EP7-CACHE-SECRET twist.[/spoiler]\n\nThe end."
CSRF_VALUE = re.compile(r'name="csrf_token" value="([^"]+)"|name="csrf-token" content="([^"]+)"')


def member(app, user):
    """A separate signed-in browser for `user`."""
    browser = app.test_client()
    reply = browser.submit(
        "/login", {"username": user.username, "password": PASSWORD}, page="/login"
    )
    assert reply.status_code == 303
    return browser


def tokens(html: str) -> set[str]:
    """Every CSRF token in a page (the meta tag and each form's hidden field)."""
    return {a or b for a, b in CSRF_VALUE.findall(html)}


def without_tokens(html: str) -> str:
    """The page with its CSRF tokens (signed with the time, to the second) blanked."""
    for token in tokens(html):
        html = html.replace(token, "TOKEN")
    return html


@pytest.fixture
def scene(app, make_show, make_user, make_review):
    """A show with one review by alice (rated 8.0, a spoiler for episode 7), and bob."""
    show = make_show(episodes=10)
    alice, bob = make_user("alice"), make_user("bob")
    review = make_review(SPOILER_BODY, show=show, author=alice, title="Alice on it", rating=8.0)
    return {"show": show, "review": review, "alice": alice, "bob": bob, "slug": show.slug}


def test_a_repeat_view_comes_from_the_cache_in_one_query(client, scene, count_queries):
    url = f"/shows/{scene['slug']}"
    with count_queries() as first:
        first_html = client.get(url).text
    with count_queries() as second:
        second_html = client.get(url).text
    assert first.count > second.count == 1  # the show with the site mean C
    assert '<article class="show">' in second_html and "Alice on it" in second_html
    assert without_tokens(first_html) == without_tokens(second_html)


@pytest.mark.parametrize("junk", ["utm_source=x", "endpoint=x", "_method=POST", "a=1&b=2"])
def test_show_page_with_junk_query_argument_hits_the_same_entry(app, client, scene, count_queries,
                                                                 junk):  # fmt: skip
    url = f"/shows/{scene['slug']}"
    client.get(url)
    with count_queries() as junk_view:
        assert "Alice on it" in client.get(f"{url}?{junk}").text
    assert junk_view.count == 1
    assert len(app.extensions["page_cache"]) == 1
    with count_queries() as other_list:  # control: an argument the page knows is another entry
        client.get(f"{url}?sort=newest&{junk}")
    assert other_list.count > 1
    assert len(app.extensions["page_cache"]) == 2


def test_each_reader_gets_their_own_csrf_token(app, client, scene):
    bob, carol = member(app, scene["bob"]), member(app, scene["alice"])
    url = f"/shows/{scene['slug']}"
    bob_tokens = tokens(bob.get(url).text)
    carol_html = carol.get(url).text
    assert len(bob_tokens) == 1 and len(tokens(carol_html)) == 1
    assert tokens(carol_html) != bob_tokens
    assert "\x00" not in carol_html
    # The token on the cached page works: bob votes with the one his page carries.
    vote = bob.post(f"/reviews/{scene['review'].id}/helpful", data={"csrf_token": bob_tokens.pop()})
    assert vote.status_code in (200, 303)


def test_readers_at_different_episodes_never_share_a_page(app, scene, make_user):
    early, late = member(app, make_user("early")), member(app, make_user("late"))
    url = f"/shows/{scene['slug']}"
    for browser, episode in ((early, 3), (late, 8)):
        browser.submit(
            f"/shows/{scene['slug']}/progress",
            {"episodes_watched": str(episode), "status": "watching"},
            page=url,
        )
    for _ in range(2):  # the second round comes from the cache
        assert "EP7-CACHE-SECRET" in late.get(url).text
        assert "EP7-CACHE-SECRET" not in early.get(url).text
        for browser, sees in ((late, True), (early, False)):  # the sort menu's htmx request
            reply = browser.get(f"{url}?sort=newest", headers={"HX-Request": "true"})
            assert reply.text.startswith('<section id="reviews-')
            assert ("EP7-CACHE-SECRET" in reply.text) is sees


def _new_review(app, scene):
    bob = member(app, scene["bob"])
    bob.submit(
        f"/shows/{scene['slug']}/reviews/new",
        {
            "title": "Fresh take by Bob",
            "body": "Good.",
            "episodes_watched": "10",
            "rating_overall": "7.0",
        },
    )
    return "Fresh take by Bob", None


def _edit(app, scene):
    alice = member(app, scene["alice"])
    alice.submit(
        f"/reviews/{scene['review'].id}/edit",
        {
            "title": "Alice, edited",
            "body": SPOILER_BODY,
            "episodes_watched": "10",
            "rating_overall": "8.0",
        },
    )
    return "Alice, edited", "Alice on it"


def _delete(app, scene):
    member(app, scene["alice"]).submit(f"/reviews/{scene['review'].id}/delete")
    return "No reviews", "Alice on it"


def _vote(app, scene):
    member(app, scene["bob"]).submit(f"/reviews/{scene['review'].id}/helpful")
    return "1 found this helpful", "0 found this helpful"


def _score(app, scene):
    member(app, scene["bob"]).submit(
        f"/shows/{scene['slug']}/progress",
        {"episodes_watched": "10", "status": "completed", "score": "6.0"},
    )
    return "(2 of the 5 counted scores needed)", "(1 of the 5 counted scores needed)"


def _rating_follows_score(app, scene):
    member(app, scene["alice"]).submit(
        f"/shows/{scene['slug']}/progress",
        {"episodes_watched": "10", "status": "completed", "score": "4.5"},
    )
    return "<strong>4.5</strong>/10", "<strong>8.0</strong>/10"


def _admin_edit(app, scene, make_user):
    admin = member(app, make_user("editor", role="admin"))
    show = scene["show"]
    guide = "\n".join(episode.title for episode in show.episodes)
    admin.submit(
        f"/admin/shows/{show.slug}/edit",
        {
            "slug": show.slug,
            "title": show.title,
            "episodes": "10",
            "synopsis": "A NEW-SYNOPSIS here.",
            "episode_guide": guide,
        },
    )
    return "A NEW-SYNOPSIS here.", None


def _retag(app, scene, make_user):
    review = scene["review"]
    moderator = member(app, make_user("mod", role="moderator"))
    moderator.submit(
        f"/mod/reviews/{review.id}/retag",
        {"passage": "Opening thoughts.", "episode": "2", "reason": "spoiler"},
    )
    return "Spoiler for episode 2", "Opening thoughts."


def _ban(app, scene, make_user):
    moderator = member(app, make_user("mod", role="moderator"))
    moderator.submit("/mod/users/alice/ban", {"reason": "spam", "until": "permanent"})
    return "(0 of the 5 counted scores needed)", "(1 of the 5 counted scores needed)"


WRITES = {
    "new review": _new_review,
    "edit": _edit,
    "delete": _delete,
    "helpful vote": _vote,
    "score": _score,
    "review rating follows the score": _rating_follows_score,
    "admin edit": _admin_edit,
    "moderator re-tag": _retag,
    "ban": _ban,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_reaches_a_cached_page(app, client, scene, make_user, write):
    url = f"/shows/{scene['slug']}"
    before = client.get(url).text
    assert len(app.extensions["page_cache"]) == 1
    needs_users = write in (_admin_edit, _retag, _ban)
    shown, gone = write(app, scene, make_user) if needs_users else write(app, scene)
    after = client.get(url).text
    assert shown in after and shown not in before
    if gone:
        assert gone in before and gone not in after


class TestWithOneVoteEnough:
    """One counted score is enough here, so the weighted rating is on the page."""

    @pytest.fixture
    def app_settings(self) -> dict:
        return {"SCORE_MIN_VOTES": 1}

    def test_a_score_on_another_show_moves_the_weighted_rating(self, app, client, scene, make_show):
        url = f"/shows/{scene['slug']}"
        weighted = re.compile(r"Weighted for rankings: ([\d.]+)")
        before = weighted.search(client.get(url).text).group(1)
        other = make_show(episodes=4)
        member(app, scene["bob"]).submit(
            f"/shows/{other.slug}/progress",
            {"episodes_watched": "4", "status": "completed", "score": "1.0"},
        )
        assert weighted.search(client.get(url).text).group(1) != before


def test_a_failed_write_changes_no_version(app, scene):
    bob = member(app, scene["bob"])
    version = scene["show"].page_version
    reply = bob.submit(
        f"/shows/{scene['slug']}/reviews/new",
        {"title": "", "body": "Fresh", "episodes_watched": "10", "rating_overall": "7.0"},
    )
    assert reply.status_code == 200  # the form again, with its error
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Review)) == 1
    assert scene["show"].page_version == version


def test_progress_updates_are_cached_per_reader_state(app, scene, make_user):
    early, late = member(app, make_user("early")), member(app, make_user("late"))
    url = f"/shows/{scene['slug']}"
    htmx = {"HX-Request": "true"}
    for _ in range(2):  # the second round is served from the cache
        for browser, episode, sees in ((late, 8, True), (early, 3, False)):
            reply = browser.submit(
                f"{url}/progress",
                {"episodes_watched": str(episode), "status": "watching"},
                page=url,
                headers=htmx,
            )
            assert reply.status_code == 200
            assert ("EP7-CACHE-SECRET" in reply.text) is sees
            assert f'value="{episode}"' in reply.text
    assert len(app.extensions["page_cache"]) == 5  # pages at episodes 0, 3 and 8; 2 updates


def test_the_cache_stays_within_its_budget_dropping_the_least_recently_used(app):
    cache = PageCache(max_bytes=250)
    with app.test_request_context():
        for key in "abc":
            cache.put(key, key * 100)
        assert cache.get("a") is None and cache.get("b") == "b" * 100
        cache.put("d", "d" * 100)  # "c" is now the least recently used
        assert cache.get("c") is None and cache.get("b") and cache.get("d")
        assert (len(cache), cache.size) == (2, 200)
        cache.put("huge", "x" * 251)
        assert cache.get("huge") is None and len(cache) == 2
        off = PageCache(max_bytes=0)
        off.put("a", "a")
        assert off.get("a") is None
