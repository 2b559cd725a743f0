"""The show page's episode-ratings chart and the episode page's rating section: ratings
of episodes beyond the reader are withheld by the server, in the drawing and in the
table; a rating reaches the next reader of a cached page."""

import re

import pytest

from app.extensions import db
from app.progress.rules import Progress
from app.ratings import queries

# Episode 9's ratings (3.0, 4.0: mean 3.5, from 2) are the sentinel: unlike any other
# episode's, and a spoiler for a reader below episode 9.
LATE_TITLE = "Episode 9: 3.5 from 2 ratings"
LATE_ROW = "<tr><td>9</td><td>3.5</td><td>2</td></tr>"


@pytest.fixture
def app_settings() -> dict:
    return {"EPISODE_MIN_RATINGS": 2}


@pytest.fixture
def rated_show(make_show, rate):
    """Ten episodes: 2 rated 8.0 and 9.0 (8.5), 3 rated once (below the minimum), 9 the
    sentinel (3.5)."""
    show = make_show(episodes=10)
    rate(show, 2, 8.0, 9.0)
    rate(show, 3, 6.0)
    rate(show, 9, 3.0, 4.0)
    return show


def chart_of(html: str, show) -> str:
    """The chart's section alone."""
    match = re.search(rf'<section id="episode-chart-{show.id}".*?</section>', html, re.S)
    assert match, "no episode chart on the page"
    return match.group(0)


def test_chart_withholds_ratings_beyond_the_reader(client, rated_show, make_reader):
    make_reader(rated_show, episode=5)
    chart = chart_of(client.get(f"/shows/{rated_show.slug}").text, rated_show)
    assert LATE_TITLE not in chart and LATE_ROW not in chart
    assert "Episode 9" not in chart and "3.5" not in chart
    assert chart.count('class="locked"') == 5  # episodes 6-10, drawn alike
    assert "Ratings of episodes 6–10 open as you reach them." in chart
    # Positive controls: what the reader reached is there, in the drawing and the table.
    assert "Episode 2: 8.5 from 2 ratings" in chart
    assert "<tr><td>2</td><td>8.5</td><td>2</td></tr>" in chart
    assert "Episode 3: not enough ratings yet" in chart
    assert "<tr><td>5</td><td>none</td><td>0</td></tr>" in chart


def test_chart_shows_the_late_rating_to_a_reader_who_reached_it(client, rated_show, make_reader):
    make_reader(rated_show, episode=9)
    chart = chart_of(client.get(f"/shows/{rated_show.slug}").text, rated_show)
    assert LATE_TITLE in chart and LATE_ROW in chart
    assert ">3.5</text>" in chart
    assert "style=" not in chart and "<script" not in chart  # CSP: attributes and classes only
    assert "The rating of episode 10 opens as you reach it." in chart


def test_a_visitor_at_zero_sees_only_when_ratings_open(client, rated_show):
    html = client.get(f"/shows/{rated_show.slug}").text
    chart = chart_of(html, rated_show)
    assert "<svg" not in chart and "8.5" not in chart and LATE_TITLE not in html
    assert "Ratings of episodes 1–10 open as you reach them." in chart


def test_progress_update_fragment_carries_the_chart_out_of_band(client, rated_show, make_reader):
    make_reader(rated_show, episode=5)
    data = {"episodes_watched": "9", "status": "watching"}
    response = client.submit(f"/shows/{rated_show.slug}/progress", data,
                             headers={"HX-Request": "true"})  # fmt: skip
    chart = chart_of(response.text, rated_show)
    assert 'hx-swap-oob="true"' in chart.split(">", 1)[0]
    assert LATE_TITLE in chart
    back = client.submit(f"/shows/{rated_show.slug}/progress", {**data, "episodes_watched": "4"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert LATE_TITLE not in back.text and "Episode 2: 8.5" in back.text


def test_a_rating_reaches_the_next_reader_of_a_cached_page(app, client, make_show, make_reader,
                                                          rate):  # fmt: skip
    assert app.config["PAGE_CACHE_MB"] > 0
    show = make_show(episodes=4)
    rate(show, 1, 7.0)
    make_reader(show, episode=4)
    url = f"/shows/{show.slug}"
    before = "No episode you have reached has 2 ratings yet."
    assert before in chart_of(client.get(url).text, show)
    assert before in chart_of(client.get(url).text, show)  # now from the cache
    version = show.page_version
    response = client.submit(f"/shows/{show.slug}/episodes/1/rating", {"rating": "10.0"})
    assert response.status_code == 303
    db.session.refresh(show)
    assert show.page_version > version
    chart = chart_of(client.get(url).text, show)
    assert "Episode 1: 8.5 from 2 ratings" in chart and before not in chart


def test_numbers_hidden_hide_the_whole_chart(app, client, rated_show, make_reader):
    make_reader(rated_show, episode=9)
    data = {"hide_numbers": "until", "until_episode": "10"}
    assert client.submit(f"/shows/{rated_show.slug}/numbers", data).status_code == 303
    chart = chart_of(client.get(f"/shows/{rated_show.slug}").text, rated_show)
    assert "Scores hidden" in chart  # the notice stands in for the chart
    assert "<svg" not in chart and "8.5" not in chart and LATE_TITLE not in chart
    assert "<table" not in chart


def test_episode_chart_reads_nothing_beyond_progress(app, rated_show):
    chart = queries.episode_chart(rated_show, Progress(5, "watching"))
    assert [bar.episode for bar in chart.bars] == [1, 2, 3, 4, 5]
    assert list(chart.withheld) == [6, 7, 8, 9, 10]
    assert all(bar.episode <= 5 for bar in chart.rated)
    hidden = queries.episode_chart(rated_show, Progress(9, "watching", numbers_until=10))
    assert hidden.hidden and hidden.bars == ()


def test_episode_page_shows_the_community_rating_and_my_form(client, rated_show, make_reader):
    make_reader(rated_show, episode=9)
    html = client.get(f"/shows/{rated_show.slug}/episodes/9").text
    section = re.search(r'<section id="rating-\d+-9".*?</section>', html, re.S).group(0)
    assert "3.5" in section and "rated by 2 members" in section
    assert 'name="rating"' in section and "Rate</button>" in section
    low = client.get(f"/shows/{rated_show.slug}/episodes/3").text
    assert "Not enough ratings yet" in low and "(1 of the 2 needed)" in low


def test_episode_page_below_the_minimum_and_unrated(client, make_show, make_reader):
    show = make_show(episodes=3)
    make_reader(show, episode=3)
    html = client.get(f"/shows/{show.slug}/episodes/2").text
    assert "Not rated yet" in html and "a mean shows from 2 ratings" in html


def test_a_revealed_episode_offers_no_rating_form(client, rated_show, make_reader):
    make_reader(rated_show, episode=5)
    html = client.get(f"/shows/{rated_show.slug}/episodes/9?reveal=1").text
    assert "Mark episode 9 watched to rate it." in html
    assert 'name="rating"' not in html


def test_visitors_are_invited_to_sign_in(client, rated_show):
    html = client.get(f"/shows/{rated_show.slug}/episodes/2?reveal=1").text
    assert "to rate this episode" in html and 'name="rating"' not in html


def test_numbers_hidden_on_the_episode_page_keep_my_form(client, rated_show, make_reader):
    make_reader(rated_show, episode=9)
    data = {"hide_numbers": "until", "until_episode": "10"}
    client.submit(f"/shows/{rated_show.slug}/numbers", data)
    html = client.get(f"/shows/{rated_show.slug}/episodes/9").text
    section = re.search(r'<section id="rating-\d+-9".*?</section>', html, re.S).group(0)
    assert "Scores hidden" in section
    assert "rated by" not in section and "score-number" not in section
    assert 'name="rating"' in section  # the member's own form stays
