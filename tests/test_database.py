"""How the app uses its database connections (app/database.py): on PostgreSQL, no round
trip to check a pooled connection out and autocommit for requests that only read; on
SQLite, the write lock taken only when a request is about to write."""

import contextlib
import sqlite3

import pytest
from sqlalchemy import select, text, update

from app.extensions import db
from app.models import User


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_pooled_connections_that_died_are_replaced_without_an_error(app, client, make_show):
    url = f"/shows/{make_show().slug}"
    assert client.get(url).status_code == 200
    db.session.close()  # the test's own connection goes back to the pool too
    # What a server restart does to pooled connections; the timeout waits until each one
    # has exited (its socket closed), else a busy machine races the next request with it.
    with db.engine.connect() as admin:
        killed = admin.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
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


# --- SQLite: the write lock is taken only when a request is about to write ------------


def write_lock_is_free() -> bool:
    """Whether another connection could take SQLite's write lock right now, without
    waiting (busy timeout 0): what a concurrent progress save would need."""
    probe = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error), error
        return False
    finally:
        probe.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_post_request_reads_take_no_write_lock_until_a_lock_or_write(app, make_user):
    user_id = make_user().id
    with app.test_request_context("/", method="POST"):
        assert db.session.get(User, user_id) is not None
        assert write_lock_is_free()  # reads (and whatever comes after them) block no writer
        db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
        assert not write_lock_is_free()  # control: the lock for a read-then-write sequence
        db.session.commit()
        assert write_lock_is_free()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_first_write_takes_the_write_lock_until_the_commit(app, make_user):
    user = make_user()
    with app.test_request_context("/", method="POST"):
        user = db.session.get(User, user.id)
        user.email = "changed@example.com"
        assert write_lock_is_free()  # a pending change is not a write yet
        db.session.flush()
        assert not write_lock_is_free()
        db.session.commit()
        assert write_lock_is_free()
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "changed@example.com"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_write_after_reads_and_another_writers_commit_succeeds_and_sees_it(app, make_user):
    user_id = make_user().id
    with app.test_request_context("/", method="POST"):
        assert db.session.get(User, user_id).email.endswith("@example.com")
        other = sqlite3.connect(db.engine.url.database)  # another request, committing first
        with other:
            other.execute("UPDATE user SET email = 'other@example.com' WHERE id = ?", (user_id,))
        other.close()
        db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
        email = db.session.scalar(select(User.email).where(User.id == user_id))
        assert email == "other@example.com"  # the locked transaction reads the latest commit
        db.session.execute(update(User).where(User.id == user_id).values(email="mine@example.com"))
        db.session.commit()  # no "database is locked": nothing was read in an older snapshot
    assert db.session.scalar(select(User.email).where(User.id == user_id)) == "mine@example.com"
