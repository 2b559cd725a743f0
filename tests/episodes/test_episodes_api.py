"""GET /api/v1/shows/<slug>/episodes: titles and ratings only up to the member's progress."""

import pytest

from app.ratings.queries import EpisodeRatingSummary

EPISODES = 6


@pytest.fixture
def guide_show(make_show):
    return make_show(episodes=EPISODES, episode_titles=[f"APITITLE-{n}-OWL" for n in range(1, 7)])


@pytest.fixture
def rated(monkeypatch):
    """Every episode rated (the ratings part fills episode_summaries; the API only reads it)."""

    def summaries(show):
        return {n: EpisodeRatingSummary(n, count=n, mean=5.0 + n / 3) for n in range(1, 7)}

    monkeypatch.setattr("app.api.views.episode_summaries", summaries)


def url(show) -> str:
    return f"/api/v1/shows/{show.slug}/episodes"


def test_anonymous_callers_get_numbers_only(client, guide_show, rated):
    response = client.get(url(guide_show))
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json == {
        "show": guide_show.slug,
        "episodes": [{"number": n, "title": None, "rating": None} for n in range(1, 7)],
    }
    assert "APITITLE" not in response.text


def test_anonymous_session_progress_does_not_open_the_api(client, guide_show, rated):
    client.submit(f"/shows/{guide_show.slug}/progress",
                  {"episodes_watched": "6", "status": "completed"}, page="/")  # fmt: skip
    assert "APITITLE-1-OWL" in client.get(f"/shows/{guide_show.slug}").text  # control: the page
    assert "APITITLE" not in client.get(url(guide_show)).text


def test_member_gets_titles_and_ratings_up_to_their_progress(client, guide_show, make_reader,
                                                               rated):  # fmt: skip
    make_reader(guide_show, episode=3)
    episodes = client.get(url(guide_show)).json["episodes"]
    assert episodes[:3] == [
        {
            "number": n,
            "title": f"APITITLE-{n}-OWL",
            "rating": {"count": n, "mean": round(5 + n / 3, 4)},
        }
        for n in (1, 2, 3)
    ]
    assert episodes[3:] == [{"number": n, "title": None, "rating": None} for n in (4, 5, 6)]
    text = client.get(url(guide_show)).text
    assert "APITITLE-4-OWL" not in text and "APITITLE-6-OWL" not in text


def test_reached_episode_without_title_or_ratings(client, make_show, make_reader):
    show = make_show(episodes=2, episode_titles=[])
    make_reader(show, episode=2)
    assert client.get(url(show)).json["episodes"] == [
        {"number": n, "title": None, "rating": {"count": 0, "mean": None}} for n in (1, 2)
    ]


def test_unknown_show_is_a_json_404(client):
    response = client.get("/api/v1/shows/nope/episodes")
    assert response.status_code == 404 and response.json["status"] == 404
