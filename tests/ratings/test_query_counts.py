"""The episode-ratings chart costs the show page one query, and only for a reader who
has reached an episode (none at episode 0: nothing to show them), however many
episodes and ratings the show has. The episode page's rating section costs one."""

import pytest

from app.extensions import db
from app.progress.rules import Progress
from app.progress.service import save_entry
from app.ratings import service as ratings


@pytest.fixture
def app_settings() -> dict:
    """The page cache off: these count what a page costs to build."""
    return {"PAGE_CACHE_MB": 0, "EPISODE_MIN_RATINGS": 1}


def statements_for(client, count_queries, url: str) -> list[str]:
    client.get(url)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.statements


def ratings_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if "episode_stats" in s or "episode_rating" in s]


def test_the_chart_costs_one_query_for_a_reader_with_progress(client, count_queries, make_show,
                                                              make_reader, rate):  # fmt: skip
    few, many, fresh = make_show(episodes=4), make_show(episodes=40), make_show(episodes=4)
    rate(few, 1, 6.0)
    for episode in range(1, 41):
        rate(many, episode, 7.5)
    reader = make_reader(few, episode=4)
    save_entry(reader, many, Progress(40, "completed"))
    db.session.commit()
    at_zero = statements_for(client, count_queries, f"/shows/{fresh.slug}")
    assert ratings_statements(at_zero) == []  # the pins of tests/shows stand
    for show in (few, many):
        statements = statements_for(client, count_queries, f"/shows/{show.slug}")
        assert len(ratings_statements(statements)) == 1
        assert len(statements) == len(at_zero) + 1
    html = client.get(f"/shows/{many.slug}").text
    assert "Episode 40: 7.5 from 1 rating" in html  # control: the chart was drawn


def test_rating_section_costs_one_query(client, count_queries, make_show, make_reader, rate):
    show = make_show(episodes=4)
    rate(show, 2, 6.0)
    member = make_reader(show, episode=4)
    url = f"/shows/{show.slug}/episodes/2"
    assert len(ratings_statements(statements_for(client, count_queries, url))) == 1
    ratings.rate(member, show, 2, 9.0)
    db.session.commit()
    assert len(ratings_statements(statements_for(client, count_queries, url))) == 1
    assert "You rated it 9.0." in client.get(url).text  # control: mine was read in it
