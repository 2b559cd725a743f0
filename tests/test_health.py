"""Health checks: /healthz touches the database, /healthz/live does not."""

from app import create_app


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_database_does_not_answer(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unavailable"}


def test_pages_answer_503_to_retry_when_database_does_not_answer(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite"
    url = f"sqlite:///{missing}"
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": url})
    client = app.test_client()
    page = client.get("/shows/some-drama")
    assert (page.status_code, page.headers["Retry-After"]) == (503, "5")
    assert "<h1>Back in a moment</h1>" in page.text
    fragment = client.get("/shows?q=run", headers={"HX-Request": "true"})
    assert fragment.status_code == 503 and fragment.headers["HX-Retarget"] == "#messages"
    api = client.get("/api/v1/shows")
    assert api.status_code == 503 and api.json["status"] == 503


def test_live_answers_ok_without_a_query(client, count_queries):
    with count_queries() as counter:
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.text == "ok"
    assert counter.count == 0
