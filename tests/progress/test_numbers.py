"""Numbers that spoil (issue 17): a member's own setting, per show or account-wide, hides a
show's score, sub-ratings and histogram (and the episode-ratings chart, which calls the
same notice) until an episode. Hidden means absent from the HTML, never hidden by CSS."""

import re

import pytest
from flask import render_template_string
from sqlalchemy import select

from app import pagecache
from app.extensions import db
from app.models import User, WatchEntry
from app.progress.rules import (
    ALWAYS_SHOW,
    Progress,
    numbers_default_name,
    resolve_numbers_until,
)
from app.progress.service import save_entry

MEAN = ">3.5<"  # the show's mean as the score block writes it: (4.0 + 4.5 + 2.0) / 3
STORY = ">7.5<"  # the story sub-rating's mean
SELECT = re.compile(r"<select.*?</select>", re.DOTALL)  # the widget's score menu lists 3.5 too


@pytest.fixture
def app_settings() -> dict:
    """Two counted scores publish a mean, so a few members make one."""
    return {"SCORE_MIN_VOTES": 2}


@pytest.fixture
def rated(make_show, make_user, make_review):
    """A 10-episode show whose mean is 3.5 and story sub-rating 7.5 (the review's own
    rating, on its card, is 2.0)."""
    show = make_show(episodes=10)
    for value in (4.0, 4.5):
        save_entry(make_user(), show, Progress(10, "completed"), score=value)
    make_review(show=show, author=make_user(), rating=2.0, story=7.5)
    db.session.commit()
    return show


def numbers_shown(html: str) -> bool:
    """True when the show's numbers are in the page (its score menu left out)."""
    visible = SELECT.sub("", html)
    shown = MEAN in visible
    assert (STORY in visible) == shown and ("Weighted for rankings" in visible) == shown
    assert ('class="histogram' in visible) == shown
    return shown


def member_at(make_user, show, episode: int, **settings) -> User:
    """A member at `episode` of `show`, with account settings (not signed in)."""
    user = make_user()
    for name, value in settings.items():
        setattr(user, name, value)
    save_entry(user, show, Progress(episode, "watching"))
    db.session.commit()
    return user


def set_numbers(client, show, headers=None, **data):
    return client.submit(
        f"/shows/{show.slug}/numbers", data, page=f"/shows/{show.slug}", headers=headers or {}
    )


def override_of(user, show):
    db.session.expire_all()
    return db.session.scalar(
        select(WatchEntry.hide_numbers_until).where(
            WatchEntry.user_id == user.id, WatchEntry.show_id == show.id
        )
    )


# --- the rule (pure) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "percent", "episode_count", "until"),
    [
        (None, None, 16, None),  # off by default
        (None, 100, 16, 16),  # until I finish
        (None, 50, 16, 8),  # halfway
        (None, 50, 15, 8),  # rounded up to a whole episode
        (None, 50, 1, 1),
        (None, 1, 50, 1),  # never "until episode 0"
        (None, 250, 10, 10),  # a share over the whole is the whole
        (None, 0, 10, None),
        (8, None, 16, 8),  # the show's own setting...
        (8, 100, 16, 8),  # ...wins over the account's
        (ALWAYS_SHOW, 100, 16, None),  # "always show" too
        (20, None, 16, 16),  # a show that became shorter: never hidden past its end
    ],
)
def test_resolve_numbers_until(override, percent, episode_count, until):
    assert (
        resolve_numbers_until(override=override, percent=percent, episode_count=episode_count)
        == until
    )


@pytest.mark.parametrize(
    ("watched", "until", "hidden"),
    [(0, None, False), (7, 8, True), (8, 8, False), (10, 8, False), (0, 1, True)],
)
def test_numbers_hidden_until_the_episode_is_watched(watched, until, hidden):
    assert Progress(watched, "watching", numbers_until=until).numbers_hidden is hidden


@pytest.mark.parametrize(
    ("percent", "name"),
    [
        (None, "never"),
        (0, "never"),
        (50, "half"),
        (30, "half"),
        (100, "finished"),
        (120, "finished"),
    ],
)
def test_account_setting_reads_back_as_its_choice(percent, name):
    assert numbers_default_name(percent) == name


def test_cache_key_tells_numbers_settings_apart(rated):
    def key(progress):
        return pagecache.show_page_key("page", rated, site_mean=3.5, list_args=(),
                                       progress=progress, reader=pagecache.Reader())  # fmt: skip

    plain = Progress(3, "watching")
    assert key(plain) == key(Progress(3, "watching"))  # control: equal state, equal key
    assert key(plain) != key(Progress(3, "watching", numbers_until=8))
    assert key(Progress(3, "watching", numbers_until=8)) != key(
        Progress(3, "watching", numbers_until=8, numbers_override=8)
    )


# --- the show page -----------------------------------------------------------------------


def test_off_by_default(client, rated, make_user, login):
    login(member_at(make_user, rated, 3))
    html = client.get(f"/shows/{rated.slug}").text
    assert numbers_shown(html)
    assert "Scores hidden" not in html
    assert "Hide scores until an episode" in html  # the setting is offered


def test_show_setting_hides_numbers_from_that_member_only(app, client, rated, make_user, login):
    hider = member_at(make_user, rated, 3)
    login(hider)
    response = set_numbers(client, rated, hide_numbers="until", until_episode="8")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/shows/{rated.slug}"
    assert override_of(hider, rated) == 8
    html = client.get(f"/shows/{rated.slug}").text
    assert not numbers_shown(html)
    assert "<strong>Scores hidden</strong> until you reach episode 8 (your setting)." in html
    assert f'href="/shows/{rated.slug}#progress-{rated.id}-numbers">Change</a>' in html
    other = app.test_client()  # control: another member at the same episode
    other_user = member_at(make_user, rated, 3)
    other.submit("/login", {"username": other_user.username, "password": "correct-horse-battery"},
                 page="/login")  # fmt: skip
    assert numbers_shown(other.get(f"/shows/{rated.slug}").text)


def test_account_setting_hides_numbers_on_shows_on_the_list(client, rated, make_show, make_user,
                                                            login):  # fmt: skip
    login(member_at(make_user, rated, 5))
    response = client.submit("/account", {"hide_numbers": "finished"}, page="/account")
    assert response.status_code == 303
    assert response.headers["Location"] == "/account#numbers"
    account = client.get("/account").text
    assert "Your setting for scores and ratings was saved." in account
    assert re.search(r'<input checked id="hide_numbers-2"[^>]*value="finished"', account)
    assert not numbers_shown(client.get(f"/shows/{rated.slug}").text)


def test_account_setting_leaves_shows_off_the_list_alone(client, rated, make_user, login):
    login(make_user())
    client.submit("/account", {"hide_numbers": "finished"}, page="/account")
    assert numbers_shown(client.get(f"/shows/{rated.slug}").text)


@pytest.mark.parametrize(
    ("percent", "choice", "shown"),
    [
        (100, "never", True),
        (None, "until", False),
        (100, "account", False),
        (None, "account", True),
    ],
)
def test_show_setting_wins_over_the_account_setting(client, rated, make_user, login, percent,
                                                    choice, shown):  # fmt: skip
    login(member_at(make_user, rated, 3, hide_numbers_percent=percent))
    assert set_numbers(client, rated, hide_numbers=choice, until_episode="8").status_code == 303
    assert numbers_shown(client.get(f"/shows/{rated.slug}").text) is shown


def test_anonymous_readers_are_unaffected(client, rated):
    client.submit(f"/shows/{rated.slug}/progress", {"episodes_watched": "3", "status": "watching"},
                  page=f"/shows/{rated.slug}")  # fmt: skip
    html = client.get(f"/shows/{rated.slug}").text
    assert "3 of 10 episodes watched." in html  # control: the progress is theirs
    assert numbers_shown(html)
    assert "numbers-setting" not in html  # members only


def test_anonymous_reader_cannot_post_the_setting(client, rated):
    response = set_numbers(client, rated, hide_numbers="until", until_episode="8")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_setting_a_show_off_the_list_adds_it_as_plan_to_watch(client, rated, make_user, login):
    user = make_user()
    login(user)
    set_numbers(client, rated, hide_numbers="until", until_episode="2")
    db.session.expire_all()
    entry = db.session.scalar(select(WatchEntry).where(WatchEntry.user_id == user.id))
    assert (entry.status, entry.episodes_watched, entry.score) == ("plan_to_watch", 0, None)
    assert not numbers_shown(client.get(f"/shows/{rated.slug}").text)


def test_cached_page_changes_with_the_setting(client, rated, make_user, login, app):
    assert app.config["PAGE_CACHE_MB"] > 0
    login(member_at(make_user, rated, 3))
    url = f"/shows/{rated.slug}"
    assert numbers_shown(client.get(url).text)
    assert numbers_shown(client.get(url).text)  # now from the cache
    client.submit("/account", {"hide_numbers": "half"}, page="/account")  # until episode 5
    assert not numbers_shown(client.get(url).text)
    set_numbers(client, rated, hide_numbers="never")
    assert numbers_shown(client.get(url).text)


# --- htmx: the setting and progress swap the score in place ------------------------------


def score_block(html: str, show) -> str:
    match = re.search(rf'<section id="score-{show.id}".*?</section>', html, re.DOTALL)
    assert match, "no score block"
    return match.group()


def test_htmx_setting_answers_widget_and_score_out_of_band(client, rated, make_user, login):
    login(member_at(make_user, rated, 3))
    response = set_numbers(client, rated, {"HX-Request": "true"}, hide_numbers="until",
                           until_episode="4")  # fmt: skip
    assert response.status_code == 200
    assert response.text.startswith(f'<section id="progress-{rated.id}"')
    block = score_block(response.text, rated)
    assert 'hx-swap-oob="true"' in block and "until you reach episode 4" in block
    assert not numbers_shown(response.text)
    assert "Scores hidden until episode 4</summary>" in response.text


def test_progress_crossing_the_episode_reveals_numbers_in_place(client, rated, make_user, login):
    login(member_at(make_user, rated, 2))
    set_numbers(client, rated, hide_numbers="until", until_episode="4")
    htmx = {"HX-Request": "true"}
    data = {"episodes_watched": "3", "status": "watching"}
    before = client.submit(f"/shows/{rated.slug}/progress", data, page=f"/shows/{rated.slug}",
                           headers=htmx)  # fmt: skip
    assert "until you reach episode 4" in score_block(before.text, rated)
    assert not numbers_shown(before.text)
    data["episodes_watched"] = "4"
    after = client.submit(f"/shows/{rated.slug}/progress", data, page=f"/shows/{rated.slug}",
                          headers=htmx)  # fmt: skip
    block = score_block(after.text, rated)
    assert 'hx-swap-oob="true"' in block and MEAN in block
    assert numbers_shown(after.text) and "Scores hidden" not in after.text


# --- cards --------------------------------------------------------------------------------


def card_of(html: str, show) -> str:
    match = re.search(rf'<li class="show-card">(?:(?!</li>).)*?{show.title}<.*?</li>', html,
                      re.DOTALL)  # fmt: skip
    assert match, f"no card for {show.title}"
    return match.group()


@pytest.mark.parametrize("url", ["/shows", "/"])
def test_cards_hide_the_score_where_the_setting_hides_it(client, rated, make_show, make_user,
                                                         login, url):  # fmt: skip
    other = make_show("Control Drama", episodes=10)
    for value in (6.0, 7.0):
        save_entry(make_user(), other, Progress(10, "completed"), score=value)
    db.session.commit()
    login(member_at(make_user, rated, 3, hide_numbers_percent=100))
    html = client.get(url).text
    card = card_of(html, rated)
    assert "Score hidden (your setting)" in card and "3.5" not in card
    assert "<b>6.5</b>" in card_of(html, other)  # control: a show off the list keeps its score


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hide_numbers": "until", "until_episode": "0"}, "Choose an episode from 1 to 10."),
        ({"hide_numbers": "until", "until_episode": "11"}, "Choose an episode from 1 to 10."),
        ({"hide_numbers": "until", "until_episode": "-3"}, "Choose an episode from 1 to 10."),
        ({"hide_numbers": "until", "until_episode": "abc"}, "Choose an episode from 1 to 10."),
        ({"hide_numbers": "until", "until_episode": "4.5"}, "Choose an episode from 1 to 10."),
        ({"hide_numbers": "until", "until_episode": "9" * 5000}, "Choose an episode from 1 to 10."),
        ({"hide_numbers": "until"}, "Choose an episode from 1 to 10."),
        ({"hide_numbers": "sometimes"}, "Choose one of the three options."),
        ({"until_episode": "4"}, "Choose one of the three options."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_bad_show_setting_is_refused_and_nothing_saved(client, rated, make_user, login, data,
                                                       message, htmx):  # fmt: skip
    user = member_at(make_user, rated, 3)
    login(user)
    response = set_numbers(client, rated, {"HX-Request": "true"} if htmx else {}, **data)
    assert response.status_code == (422 if htmx else 200)
    assert message in response.text
    assert (
        f'<details class="numbers-setting" id="progress-{rated.id}-numbers" open>' in response.text
    )
    assert override_of(user, rated) is None
    assert numbers_shown(client.get(f"/shows/{rated.slug}").text)


@pytest.mark.parametrize("value", ["", "sometimes", "100", "half\x00"])
def test_bad_account_setting_is_refused_and_nothing_saved(client, make_user, login, value):
    user = make_user()
    login(user)
    response = client.submit("/account", {"hide_numbers": value}, page="/account")
    assert response.status_code == 200
    assert "Choose one of the options." in response.text
    db.session.expire_all()
    assert db.session.get(User, user.id).hide_numbers_percent is None


def test_account_page_other_forms_still_work_beside_the_setting(client, make_user, login):
    login(make_user())
    response = client.submit("/account", {"email": "x@example.com", "current_password": "wrong"},
                             page="/account")  # fmt: skip
    assert "Your current password is not correct." in response.text
    assert 'id="numbers"' in response.text  # the numbers form is still on the page


# --- the notice ---------------------------------------------------------------------------


def test_notice_needs_only_progress(app):
    template = (
        '{% from "macros/numbers.html" import numbers_hidden_notice %}'
        "{{ numbers_hidden_notice(progress) }}"
    )
    with app.test_request_context():
        html = render_template_string(template, progress=Progress(2, "watching", numbers_until=6))
    assert "until you reach episode 6 (your setting)." in html
    assert 'href="/account#numbers">Change</a>' in html
