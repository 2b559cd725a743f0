"""The JSON API for shows."""


def test_show_endpoint_has_the_facts(client, demo_catalogue):
    data = client.get("/api/v1/shows/move-to-heaven").json
    assert data.pop("score")["count"] == 0  # the demo shows without their demo members
    assert data == {
        "slug": "move-to-heaven",
        "title": "Move to Heaven",
        "native_title": "무브 투 헤븐: 나는 유품정리사입니다",
        "alt_titles": ["Mubeu tu Hebeun", "Move to Heaven: I Am a Trauma Cleaner"],
        "year": 2021,
        "network": "Netflix",
        "episodes": 10,
        "runtime_minutes": 52,
        "genres": ["Drama", "Family", "Life"],
    }


def test_show_without_a_runtime_has_null(client, make_show):
    show = make_show(episodes=3)
    data = client.get(f"/api/v1/shows/{show.slug}").json
    assert data["runtime_minutes"] is None
    assert client.get("/api/v1/shows").json["shows"][0]["runtime_minutes"] is None


def test_show_endpoint_never_has_episode_titles(client, demo_catalogue):
    text = client.get("/api/v1/shows/move-to-heaven").text
    assert "The first move" not in text
    assert "Move to Heaven" in text  # control


def test_list_endpoint_searches_and_pages(client, demo_catalogue):
    data = client.get("/api/v1/shows?q=런").json
    assert [show["slug"] for show in data["shows"]] == ["run-on"]
    assert (data["page"], data["pages"]) == (1, 1)
    everything = client.get("/api/v1/shows").json
    assert len(everything["shows"]) == 20
    assert client.get("/api/v1/shows?page=abc").json["page"] == 1


def test_api_errors_are_json(client):
    response = client.get("/api/v1/shows/nope")
    assert response.status_code == 404
    assert response.json == {"error": "There is nothing at this address.", "status": 404}
