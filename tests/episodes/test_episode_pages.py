"""Episode pages (issue 17): open at the reader's progress, a placeholder below it, a reveal
for one response, and "watched", which sets progress to at least the episode."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Episode, WatchEntry

HTMX = {"HX-Request": "true"}
EPISODES = 10


def title_of(n: int) -> str:
    return f"EPTITLE-{n}-KITE"


def synopsis_of(n: int) -> str:
    return f"EPSYNOPSIS-{n}-HERON"


@pytest.fixture
def guide_show(make_show):
    """A show whose every episode has a unique title and synopsis."""
    guide = [{"title": title_of(n), "synopsis": synopsis_of(n)} for n in range(1, EPISODES + 1)]
    return make_show(episodes=EPISODES, episode_titles=guide)


def page_url(show, episode: int, **query) -> str:
    suffix = "".join(f"{'&' if i else '?'}{k}={v}" for i, (k, v) in enumerate(query.items()))
    return f"/shows/{show.slug}/episodes/{episode}{suffix}"


def watched_url(show, episode: int) -> str:
    return f"/shows/{show.slug}/episodes/{episode}/watched"


def episodes_watched(user, show) -> int:
    db.session.expire_all()
    entry = db.session.scalar(
        select(WatchEntry).where(WatchEntry.user_id == user.id, WatchEntry.show_id == show.id)
    )
    return entry.episodes_watched


def assert_nothing_of(html: str, *episodes: int) -> None:
    for n in episodes:
        assert title_of(n) not in html, f"title of episode {n} leaked"
        assert synopsis_of(n) not in html, f"synopsis of episode {n} leaked"


# --- Open and closed -------------------------------------------------------------------


@pytest.mark.parametrize("episode", [1, 4, 5])
def test_page_opens_for_a_member_who_reached_it(client, guide_show, make_reader, episode):
    make_reader(guide_show, episode=5)
    response = client.get(page_url(guide_show, episode))
    assert response.status_code == 200
    html = response.text
    assert title_of(episode) in html and synopsis_of(episode) in html
    assert f"<title>Episode {episode}: {title_of(episode)} · {guide_show.title}" in html
    assert "This page opens when you reach" not in html
    assert "Mark episode" not in html and "Mark watched up to" not in html  # nothing to mark
    assert f'href="/shows/{guide_show.slug}"' in html  # back to the show
    assert_nothing_of(html, *range(6, EPISODES + 1))


def test_page_below_progress_is_a_placeholder_with_nothing_of_the_episode(
    client, guide_show, make_reader
):
    make_reader(guide_show, episode=3)
    html = client.get(page_url(guide_show, 5)).text
    assert "You are at episode 3. This page opens when you reach episode 5." in html
    assert "Mark watched up to 5" in html
    assert f'action="{watched_url(guide_show, 5)}"' in html
    reveal = page_url(guide_show, 5, reveal=1)
    assert f'href="{reveal}" hx-get="{reveal}"' in html  # the real link, enhanced
    assert "<title>Episode 5 · " in html
    assert_nothing_of(html, 4, 5, 6)  # 4 is the previous episode's, also beyond progress
    assert title_of(3) in client.get(page_url(guide_show, 3)).text  # control


def test_neighbour_titles_follow_the_readers_progress(client, guide_show, make_reader):
    make_reader(guide_show, episode=5)
    html = client.get(page_url(guide_show, 5)).text
    assert f'Episode 4<span class="episode-pager-title">: {title_of(4)}' in html
    assert f'href="{page_url(guide_show, 6)}">Episode 6 <span' in html  # no title
    assert_nothing_of(html, 6)


def test_first_and_last_episode_have_one_neighbour(client, guide_show, make_reader):
    make_reader(guide_show, episode=EPISODES)
    first = client.get(page_url(guide_show, 1)).text
    assert 'rel="prev"' not in first and f'href="{page_url(guide_show, 2)}"' in first
    last = client.get(page_url(guide_show, EPISODES)).text
    assert 'rel="next"' not in last and f'href="{page_url(guide_show, EPISODES - 1)}"' in last


def test_episode_without_a_row_is_just_its_number(client, guide_show, make_reader):
    db.session.delete(
        db.session.scalar(
            select(Episode).where(Episode.show_id == guide_show.id, Episode.number == 2)
        )
    )
    db.session.commit()
    make_reader(guide_show, episode=3)
    html = client.get(page_url(guide_show, 2)).text
    assert '-heading">Episode 2</h1>' in html
    assert "<title>Episode 2 · " in html
    assert title_of(1) in html and title_of(3) in html  # the neighbours still have theirs


def test_anonymous_reader_is_gated_by_session_progress(client, guide_show):
    html = client.get(page_url(guide_show, 1)).text
    assert "You have not watched any episode yet. This page opens when you reach episode 1." in html
    assert_nothing_of(html, 1, 2)
    client.submit(f"/shows/{guide_show.slug}/progress",
                  {"episodes_watched": "4", "status": "watching"}, page="/")  # fmt: skip
    assert title_of(4) in client.get(page_url(guide_show, 4)).text
    assert_nothing_of(client.get(page_url(guide_show, 5)).text, 5)


def test_moderators_get_the_placeholder_too(client, guide_show, make_user, login):
    login(make_user(role="moderator"))
    html = client.get(page_url(guide_show, 2)).text
    assert "This page opens when you reach episode 2." in html
    assert_nothing_of(html, 2)


# --- Reveal ----------------------------------------------------------------------------


def test_reveal_opens_the_episode_for_that_response_only(client, guide_show, make_reader):
    make_reader(guide_show, episode=3)
    html = client.get(page_url(guide_show, 5, reveal=1)).text
    assert title_of(5) in html and synopsis_of(5) in html
    assert "Revealed for this visit only: you are at episode 3." in html
    assert "Mark episode 5 watched" in html
    assert "<title>Episode 5 · " in html  # the tab title follows real progress
    assert_nothing_of(html, 4, 6)  # neighbours stay withheld
    assert_nothing_of(client.get(page_url(guide_show, 5)).text, 5)  # nothing remembered


def test_htmx_gets_the_main_part_closed_or_revealed(client, guide_show, make_reader):
    make_reader(guide_show, episode=3)
    closed = client.get(page_url(guide_show, 5), headers=HTMX)
    assert closed.status_code == 200
    assert "<html" not in closed.text and "<title>" not in closed.text
    assert closed.text.lstrip().startswith(f'<section id="episode-{guide_show.id}-5-main"')
    assert "This page opens when you reach episode 5." in closed.text
    assert_nothing_of(closed.text, 5)
    opened = client.get(page_url(guide_show, 5, reveal=1), headers=HTMX)
    assert "<html" not in opened.text
    assert opened.text.lstrip().startswith(f'<section id="episode-{guide_show.id}-5-main"')
    assert title_of(5) in opened.text and synopsis_of(5) in opened.text
    assert "HX-Request" in closed.headers["Vary"]


# --- Watched ---------------------------------------------------------------------------


def test_watched_sets_progress_and_goes_back_to_the_page(client, guide_show, make_reader):
    reader = make_reader(guide_show, episode=3)
    response = client.submit(watched_url(guide_show, 5), page=page_url(guide_show, 5))
    assert response.status_code == 303
    assert response.location.endswith(page_url(guide_show, 5))
    assert episodes_watched(reader, guide_show) == 5
    html = client.get(page_url(guide_show, 5)).text
    assert title_of(5) in html and "Episode 5 marked watched." in html
    assert_nothing_of(html, 6)


def test_watched_with_htmx_unlocks_in_place_and_updates_the_rest(client, guide_show,
                                                                  make_reader):  # fmt: skip
    make_reader(guide_show, episode=3)
    response = client.submit(watched_url(guide_show, 5), page=page_url(guide_show, 5),
                             headers=HTMX)  # fmt: skip
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith(f'<section id="episode-{guide_show.id}-5-main"')
    assert title_of(5) in html and synopsis_of(5) in html
    assert "Revealed for this visit only" not in html and "Mark episode 5" not in html
    assert re.search(rf'id="episodes-{guide_show.id}-progress"[^>]*hx-swap-oob="true"', html)
    assert "Your progress: 5 of 10 episodes watched." in html
    assert re.search(rf'id="episode-{guide_show.id}-5-pager"[^>]*hx-swap-oob="true"', html)
    assert title_of(4) in html  # the previous episode's title, now reached
    assert_nothing_of(html, 6)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_watched_never_lowers_progress(client, guide_show, make_reader, headers):
    reader = make_reader(guide_show, episode=7)
    response = client.submit(watched_url(guide_show, 5), page=page_url(guide_show, 5),
                             headers=headers)  # fmt: skip
    assert episodes_watched(reader, guide_show) == 7
    html = response.text if headers else client.get(response.location).text
    assert "You are already at episode 7: nothing changed." in html
    assert title_of(5) in html  # still open


def test_watched_keeps_a_members_score_and_finishes_the_show(client, guide_show, make_reader):
    reader = make_reader(guide_show, episode=3)
    client.submit(f"/shows/{guide_show.slug}/progress",
                  {"episodes_watched": "3", "status": "dropped", "score": "8.5"},
                  page="/")  # fmt: skip
    client.submit(watched_url(guide_show, EPISODES), page="/")
    db.session.expire_all()
    entry = db.session.scalar(select(WatchEntry).where(WatchEntry.user_id == reader.id))
    assert (entry.episodes_watched, entry.status, entry.score) == (EPISODES, "completed", 8.5)


def test_anonymous_reader_marks_watched_in_their_session(client, guide_show):
    assert_nothing_of(client.get(page_url(guide_show, 2)).text, 2)
    response = client.submit(watched_url(guide_show, 2), page="/", headers=HTMX)
    assert response.status_code == 200 and title_of(2) in response.text
    assert title_of(2) in client.get(page_url(guide_show, 2)).text
    assert "2 of 10 episodes watched." in client.get(f"/shows/{guide_show.slug}").text


def test_banned_member_may_still_mark_watched(client, guide_show, make_reader):
    reader = make_reader(guide_show, episode=1)
    reader.is_banned = True
    db.session.commit()
    response = client.submit(watched_url(guide_show, 4), page=page_url(guide_show, 4))
    assert response.status_code == 303
    assert episodes_watched(reader, guide_show) == 4


def test_watched_needs_the_csrf_token(client, guide_show, make_reader):
    reader = make_reader(guide_show, episode=1)
    assert client.post(watched_url(guide_show, 4)).status_code == 400
    assert episodes_watched(reader, guide_show) == 1


# --- Bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/episodes/0", 404),
        ("/episodes/11", 404),
        ("/episodes/-1", 404),
        ("/episodes/abc", 404),
        ("/episodes/1.5", 404),
        ("/episodes/99999999999999999999", 404),
        ("/episodes/%00", 404),
        ("/episodes/", 404),
        ("/episodes/3?reveal=abc", 200),
        ("/episodes/3?reveal=%00", 200),
        ("/episodes/3?reveal=2", 200),
        ("/episodes/3?page=abc", 200),
        ("/episodes/3?page=-5", 200),
        ("/episodes/3?page=99999999999999999999999", 200),
    ],
)
def test_junk_episode_addresses(client, guide_show, path, status):
    response = client.get(f"/shows/{guide_show.slug}{path}")
    assert response.status_code == status
    if status == 200:  # junk reveals nothing
        assert "This page opens when you reach episode 3." in response.text
        assert_nothing_of(response.text, 3)


@pytest.mark.parametrize("episode", ["0", "11", "-1", "abc", "99999999999999999999"])
def test_watched_for_a_missing_episode_is_404(client, guide_show, make_reader, episode):
    reader = make_reader(guide_show, episode=2)
    url = f"/shows/{guide_show.slug}/episodes/{episode}/watched"
    assert client.submit(url, page="/").status_code == 404
    assert episodes_watched(reader, guide_show) == 2


def test_unknown_show_is_404(client):
    assert client.get("/shows/no-such-show/episodes/1").status_code == 404
    assert client.submit("/shows/no-such-show/episodes/1/watched", page="/").status_code == 404


def test_get_on_watched_is_405(client, guide_show):
    assert client.get(watched_url(guide_show, 1)).status_code == 405
