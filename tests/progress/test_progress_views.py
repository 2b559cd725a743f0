"""Setting progress on the show page, with and without htmx, signed in or not."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import WatchEntry


def entry_of(user, show):
    db.session.expire_all()
    return db.session.scalar(
        select(WatchEntry).where(WatchEntry.user_id == user.id, WatchEntry.show_id == show.id)
    )


def set_progress(client, show, headers=None, **data):
    return client.submit(
        f"/shows/{show.slug}/progress", data, page=f"/shows/{show.slug}", headers=headers or {}
    )


def test_plain_post_saves_and_redirects_back(client, make_show, make_user, login):
    show = make_show(episodes=10)
    user = make_user()
    login(user)
    response = set_progress(client, show, episodes_watched="4", status="watching")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/shows/{show.slug}"
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status) == (4, "watching")


def test_htmx_post_answers_widget_and_episode_list_out_of_band(client, make_show):
    show = make_show(episodes=10)
    response = set_progress(
        client, show, {"HX-Request": "true"}, episodes_watched="3", status="watching"
    )
    assert response.status_code == 200
    html = response.text
    assert html.startswith(f'<section id="progress-{show.id}"')
    assert f'<ol id="episodes-{show.id}-list"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Title of episode 3" in html
    assert "Title of episode 4" not in html


def test_setting_every_episode_marks_completed_and_back(client, make_show, make_user, login):
    show = make_show(episodes=10)
    user = make_user()
    login(user)
    set_progress(client, show, episodes_watched="10", status="watching")
    assert entry_of(user, show).status == "completed"
    set_progress(client, show, episodes_watched="6", status="completed")
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status) == (6, "watching")
    set_progress(client, show, episodes_watched="1", status="completed")
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status) == (10, "completed")  # newly completed
    set_progress(client, show, episodes_watched="6", status="dropped")
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status) == (6, "dropped")


BAD = [
    ({"episodes_watched": "-1", "status": "watching"}, "a whole number from 0 to 10"),
    ({"episodes_watched": "11", "status": "watching"}, "a whole number from 0 to 10"),
    ({"episodes_watched": "abc", "status": "watching"}, "a whole number from 0 to 10"),
    ({"episodes_watched": "2.5", "status": "watching"}, "a whole number from 0 to 10"),
    ({"episodes_watched": "", "status": "watching"}, "a whole number from 0 to 10"),
    ({"status": "watching"}, "a whole number from 0 to 10"),
    ({"episodes_watched": "3", "status": "binged"}, "Choose a status from the list."),
    ({"episodes_watched": "3"}, "Choose a status from the list."),
    ({"episodes_watched": "99999999999999999999", "status": "watching"}, "0 to 10"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_progress_is_422_for_htmx_and_changes_nothing(
    client, make_show, make_user, login, data, message
):
    show = make_show(episodes=10)
    user = make_user()
    login(user)
    set_progress(client, show, episodes_watched="2", status="watching")
    response = set_progress(client, show, {"HX-Request": "true"}, **data)
    assert response.status_code == 422
    assert message in response.text
    assert response.text.startswith(f'<section id="progress-{show.id}"')
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status) == (2, "watching")


@pytest.mark.parametrize(("data", "message"), BAD[:4])
def test_bad_progress_rerenders_page_for_plain_post(client, make_show, data, message):
    show = make_show(episodes=10)
    response = set_progress(client, show, **data)
    assert response.status_code == 200
    assert message in response.text
    assert f"<h1>{show.title}</h1>" in response.text
    assert "Title of episode 1<" not in client.get(f"/shows/{show.slug}").text


def test_progress_widget_input_has_min_and_max(client, make_show):
    show = make_show(episodes=12)
    html = client.get(f"/shows/{show.slug}").text
    assert 'name="episodes_watched"' in html
    assert 'type="number"' in html
    assert 'min="0"' in html
    assert 'max="12"' in html


def test_htmx_progress_post_without_csrf_is_refused(client, make_show):
    show = make_show()
    response = client.post(
        f"/shows/{show.slug}/progress",
        data={"episodes_watched": "3", "status": "watching"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Title of episode 1<" not in client.get(f"/shows/{show.slug}").text


def test_unknown_show_is_404(client):
    response = client.submit(
        "/shows/nope/progress", {"episodes_watched": "1", "status": "watching"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("episode", "shown", "withheld"),
    [(0, [], [1, 2, 10]), (4, [1, 4], [5, 10]), (10, [1, 10], [])],
)
def test_episode_titles_beyond_progress_are_withheld(
    client, make_show, make_reader, episode, shown, withheld
):
    show = make_show(
        episodes=10,
        episode_titles=[{"title": f"EPTITLE-{n}", "synopsis": f"EPSYN-{n}"} for n in range(1, 11)],
    )
    if episode:
        make_reader(show, episode=episode)
    html = client.get(f"/shows/{show.slug}").text
    for n in shown:
        assert f"EPTITLE-{n}<" in html and f"EPSYN-{n}<" in html
    for n in withheld:
        assert f"EPTITLE-{n}<" not in html and f"EPSYN-{n}<" not in html
        assert f">Episode {n}</a>" in html  # control: the episode itself is listed, linked


def test_anonymous_progress_is_kept_in_the_session(client, make_show):
    show = make_show(episodes=10)
    set_progress(client, show, episodes_watched="5", status="watching")
    html = client.get(f"/shows/{show.slug}").text
    assert "5 of 10 episodes watched." in html
    assert "Title of episode 5<" in html
    assert "Title of episode 6<" not in html
    assert db.session.scalar(select(WatchEntry.id)) is None


def test_anonymous_progress_merges_on_login_keeping_the_further(client, make_show, make_user):
    ahead, behind, fresh = make_show(episodes=10), make_show(episodes=10), make_show(episodes=8)
    user = make_user()
    from tests.fixtures.users import PASSWORD

    # Saved progress: ahead at 2, behind at 7.
    client.submit("/login", {"username": user.username, "password": PASSWORD}, page="/login")
    set_progress(client, ahead, episodes_watched="2", status="watching")
    set_progress(client, behind, episodes_watched="7", status="watching")
    client.submit("/logout")
    # Anonymous: ahead at 6, behind at 3, fresh at 8.
    set_progress(client, ahead, episodes_watched="6", status="watching")
    set_progress(client, behind, episodes_watched="3", status="watching")
    set_progress(client, fresh, episodes_watched="8", status="watching")
    client.submit("/login", {"username": user.username, "password": PASSWORD}, page="/login")
    assert entry_of(user, ahead).episodes_watched == 6
    assert entry_of(user, behind).episodes_watched == 7
    fresh_entry = entry_of(user, fresh)
    assert (fresh_entry.episodes_watched, fresh_entry.status) == (8, "completed")


def test_signup_merges_anonymous_progress(client, make_show):
    show = make_show(episodes=10)
    set_progress(client, show, episodes_watched="4", status="watching")
    client.submit(
        "/signup",
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password": "long enough!",
            "confirm": "long enough!",
        },
        page="/signup",
    )
    from app.models import User

    assert entry_of(User.by_username("newbie"), show).episodes_watched == 4


# Wording (issue 15): the "+1" names the episode it marks; a new reader plans to watch.


def plus_one_of(html: str, show) -> str | None:
    match = re.search(rf'id="progress-{show.id}-plus-one" class="secondary">([^<]*)<', html)
    return match.group(1) if match else None


def selected_status(html: str) -> str:
    select = re.search(r'<select id="status" name="status">(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option selected value="([a-z_]+)"', select).group(1)


@pytest.mark.parametrize(("episode", "label"), [(0, "Mark episode 1 watched"),
                                                 (3, "Mark episode 4 watched"),
                                                 (9, "Mark episode 10 watched")])  # fmt: skip
def test_plus_one_names_the_next_episode(client, make_show, make_reader, episode, label):
    show = make_show(episodes=10)
    if episode:
        make_reader(show, episode=episode)
    html = client.get(f"/shows/{show.slug}").text
    assert plus_one_of(html, show) == label
    assert "+1 episode" not in html


def test_plus_one_is_not_offered_at_the_last_episode(client, make_show, make_reader):
    show = make_show(episodes=10)
    make_reader(show, episode=10)
    html = client.get(f"/shows/{show.slug}").text
    assert plus_one_of(html, show) is None
    assert "10 of 10 episodes watched." in html  # control: the widget is there


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["plain", "htmx"])
def test_plus_one_marks_the_episode_it_names(client, make_show, make_user, login, headers):
    show = make_show(episodes=10)
    user = make_user()
    login(user)
    set_progress(client, show, episodes_watched="3", status="watching")
    page = client.get(f"/shows/{show.slug}").text
    assert plus_one_of(page, show) == "Mark episode 4 watched"
    form = re.search(r'<input type="hidden" name="episodes_watched" value="(\d+)">'
                     r'\s*<input type="hidden" name="status" value="([a-z_]+)">', page)  # fmt: skip
    response = set_progress(
        client, show, headers, episodes_watched=form.group(1), status=form.group(2)
    )
    assert response.status_code == (200 if headers else 303)
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status) == (4, "watching")
    if headers:
        assert plus_one_of(response.text, show) == "Mark episode 5 watched"


def test_status_starts_at_plan_to_watch_without_progress(client, make_show):
    show = make_show(episodes=10)
    html = client.get(f"/shows/{show.slug}").text
    assert selected_status(html) == "plan_to_watch"


@pytest.mark.parametrize(("status", "shown"), [("watching", "watching"), ("on_hold", "on_hold"),
                                               ("plan_to_watch", "plan_to_watch")])  # fmt: skip
def test_status_shows_the_readers_choice_at_zero_episodes(
    client, make_show, make_user, login, status, shown
):
    show = make_show(episodes=10)
    login(make_user())
    set_progress(client, show, episodes_watched="0", status=status)
    assert selected_status(client.get(f"/shows/{show.slug}").text) == shown


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["plain", "htmx"])
def test_episodes_saved_with_the_default_status_mean_watching(
    client, make_show, make_user, login, headers
):
    """The select starts at "Plan to watch"; typing a number and saving still works."""
    show = make_show(episodes=10)
    user = make_user()
    login(user)
    response = set_progress(client, show, headers, episodes_watched="4", status="plan_to_watch")
    assert response.status_code == (200 if headers else 303)
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status) == (4, "watching")
    html = response.text if headers else client.get(f"/shows/{show.slug}").text
    assert selected_status(html) == "watching"
    assert "4 of 10 episodes watched." in html


def test_anonymous_plan_to_watch_at_zero_is_kept(client, make_show):
    show = make_show(episodes=10)
    set_progress(client, show, episodes_watched="0", status="plan_to_watch")
    html = client.get(f"/shows/{show.slug}").text
    assert "0 of 10 episodes watched." in html
    assert selected_status(html) == "plan_to_watch"
    assert plus_one_of(html, show) == "Mark episode 1 watched"
