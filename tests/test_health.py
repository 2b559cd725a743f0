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


def test_live_answers_ok_without_a_query(client, count_queries):
    with count_queries() as counter:
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.text == "ok"
    assert counter.count == 0
