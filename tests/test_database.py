"""How the app uses its PostgreSQL connections: no round trip to check a pooled
connection out, autocommit for requests that only read (app/__init__.py)."""

import contextlib

import pytest
from sqlalchemy import text

from app.extensions import db


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_pooled_connections_that_died_are_replaced_without_an_error(app, client, make_show):
    url = f"/shows/{make_show().slug}"
    assert client.get(url).status_code == 200
    db.session.close()  # the test's own connection goes back to the pool too
    with db.engine.connect() as admin:  # what a server restart does to pooled connections
        killed = admin.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
            )
        )
    assert killed >= 1
    assert client.get(url).status_code == 200
    assert (
        client.submit(
            f"{url}/progress", {"episodes_watched": "2", "status": "watching"}, page=url
        ).status_code
        == 303
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_only_reading_requests_run_in_autocommit(app):
    for method, autocommit in (("GET", True), ("HEAD", True), ("POST", False), (None, False)):
        context = app.test_request_context("/", method=method or "GET")
        if method is None:  # a command or thread outside any request
            context = contextlib.nullcontext()
        with context, db.engine.connect() as connection:
            assert connection.connection.driver_connection.autocommit is autocommit, method
