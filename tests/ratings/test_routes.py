"""POST /shows/<slug>/episodes/<n>/rating: members who watched the episode rate it, change
or remove their rating; htmx gets the rating section, a plain form the page again."""

import pytest

from app.extensions import db
from app.models import EpisodeRating
from tests.ratings.conftest import episode_stats

HTMX = {"HX-Request": "true"}


def rate_url(show, episode: int) -> str:
    return f"/shows/{show.slug}/episodes/{episode}/rating"


def post_rating(client, show, episode: int, value: str | None, *, headers=None):
    data = {} if value is None else {"rating": value}
    return client.submit(rate_url(show, episode), data, headers=headers or {})


def test_plain_form_rates_and_comes_back_to_the_episode_page(client, make_show, make_reader):
    show = make_show(episodes=6)
    member = make_reader(show, episode=4)
    response = post_rating(client, show, 3, "8.5")
    assert response.status_code == 303
    assert response.location.endswith(f"/shows/{show.slug}/episodes/3#rating-{show.id}-3")
    assert episode_stats(show, 3) == (1, 8.5)
    assert db.session.get(EpisodeRating, (member.id, show.id, 3)).rating == 8.5
    page = client.get(response.location).text
    assert "You rated episode 3 8.5." in page  # the flash
    assert "You rated it 8.5." in page
    assert '<option selected value="8.5">' in page or 'value="8.5" selected' in page


def test_htmx_gets_the_section_and_can_change_and_remove(client, make_show, make_reader):
    show = make_show(episodes=6)
    make_reader(show, episode=6)
    response = post_rating(client, show, 2, "7.0", headers=HTMX)
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith(f'<section id="rating-{show.id}-2"')
    assert "You rated it 7.0." in html and "<html" not in html
    post_rating(client, show, 2, "9.0", headers=HTMX)
    assert episode_stats(show, 2) == (1, 9.0)
    removed = post_rating(client, show, 2, "none", headers=HTMX)
    assert removed.status_code == 200
    assert "You rated it" not in removed.text
    assert episode_stats(show, 2) == (0, 0.0)


@pytest.mark.parametrize(
    "value",
    ["junk", "0.5", "10.5", "7.25", "", None, "7", "8.50", "-1.0", "None", "１.0", "nan"],
    ids=["junk", "0.5", "10.5", "7.25", "empty", "missing", "no-decimal", "8.50", "negative",
         "None", "fullwidth", "nan"],
)  # fmt: skip
def test_bad_rating_is_refused_with_a_clear_message(client, make_show, make_reader, value):
    show = make_show(episodes=6)
    make_reader(show, episode=6)
    message = "Choose a rating from 1.0 to 10.0 in steps of 0.5, or No rating to remove yours."
    fragment = post_rating(client, show, 4, value, headers=HTMX)
    assert fragment.status_code == 422
    assert message in fragment.text
    assert fragment.text.lstrip().startswith(f'<section id="rating-{show.id}-4"')
    page = post_rating(client, show, 4, value)
    assert page.status_code == 200
    assert message in page.text and "<html" in page.text  # the full episode page
    assert episode_stats(show, 4) == (0, 0.0)


def test_a_member_below_the_episode_is_refused(client, make_show, make_reader):
    show = make_show(episodes=6)
    make_reader(show, episode=2)
    response = post_rating(client, show, 3, "8.0")
    assert response.status_code == 403
    assert "Mark episode 3 watched to rate it" in response.text
    assert post_rating(client, show, 3, "8.0", headers=HTMX).status_code == 403
    assert episode_stats(show, 3) == (0, 0.0)
    assert post_rating(client, show, 2, "8.0").status_code == 303  # control: reached


def test_a_banned_member_is_refused(client, make_show, make_reader):
    show = make_show(episodes=6)
    member = make_reader(show, episode=6)
    member.is_banned = True
    db.session.commit()
    for value in ("8.0", "none", "junk"):
        response = post_rating(client, show, 3, value)
        assert response.status_code == 403
        assert "banned" in response.text
    assert episode_stats(show, 3) == (0, 0.0)


def test_anonymous_visitors_are_sent_to_sign_in(client, make_show):
    show = make_show(episodes=6)
    response = post_rating(client, show, 1, "8.0")
    assert response.status_code in (302, 303)
    assert "/login" in response.location
    assert episode_stats(show, 1) == (0, 0.0)


@pytest.mark.parametrize("episode", [0, 7, 99])
def test_episodes_outside_the_show_are_not_found(client, make_show, make_reader, episode):
    show = make_show(episodes=6)
    make_reader(show, episode=6)
    assert post_rating(client, show, episode, "8.0").status_code == 404


def test_unknown_show_is_not_found(client, make_user, login):
    login(make_user())
    response = client.submit("/shows/no-such-show/episodes/1/rating", {"rating": "8.0"})
    assert response.status_code == 404


def test_without_csrf_token_nothing_is_saved(client, make_show, make_reader):
    show = make_show(episodes=6)
    make_reader(show, episode=6)
    assert client.post(rate_url(show, 1), data={"rating": "8.0"}).status_code == 400
    assert episode_stats(show, 1) == (0, 0.0)
