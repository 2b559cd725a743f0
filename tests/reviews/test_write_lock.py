"""On SQLite no request holds the write lock while it renders a review (issue 14):
rendering happens during validation, before anything is written, and a request that
writes nothing never takes the lock, so a slow render cannot hold up other writers.

Each test blocks the renderer in a request on another thread and, meanwhile, asks
SQLite for the write lock from a second connection with a busy timeout of 0: the
answer is about the lock, not about how long anything took.
"""

import contextlib
import sqlite3
import threading

import pytest
from sqlalchemy import event, func, select

from app import validators
from app.extensions import db
from app.models import Review
from tests.reviews.test_write import GOOD
from tests.test_database import write_lock_is_free

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


class SlowRenderer:
    """Stands in for `render_document` in the form validators: it says when a render
    has started, then waits for the test to let it finish."""

    def __init__(self, monkeypatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        real = validators.render_document

        def render(text: str, **options):
            self.started.set()
            assert self.release.wait(timeout=30), "the test never released the render"
            return real(text, **options)

        monkeypatch.setattr(validators, "render_document", render)


@contextlib.contextmanager
def rendering(slow: SlowRenderer, send):
    """Run the request `send()` on a thread and yield, once its render has started, a
    dict that holds its response after the block (the render is released on leaving)."""
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("response", send()))
    thread.start()
    try:
        assert slow.started.wait(timeout=30), "the request never started rendering"
        yield result
    finally:
        slow.release.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


@contextlib.contextmanager
def statements():
    """Every SQL statement the engine runs while the block is active."""
    seen: list[str] = []
    record = lambda _conn, _cursor, statement, *_args: seen.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def writes_or_locks(seen: list[str]) -> list[str]:
    """The statements that take SQLite's write lock (the driver's own BEGIN before an
    INSERT, UPDATE or DELETE is implied by the statement itself)."""
    verbs = ("INSERT", "UPDATE", "DELETE", "BEGIN")
    return [statement for statement in seen if statement.lstrip().upper().startswith(verbs)]


def test_write_lock_probe_sees_a_lock_another_connection_holds(app):
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert not write_lock_is_free()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert write_lock_is_free()  # control


def test_preview_renders_without_holding_the_write_lock(
    app, client, make_show, make_user, login, monkeypatch
):
    show = make_show(episodes=10)
    login(make_user())
    token = client.csrf_token()
    slow = SlowRenderer(monkeypatch)
    url = f"/shows/{show.slug}/reviews/preview"
    data = GOOD | {"csrf_token": token}
    with (
        statements() as seen,
        rendering(
            slow, lambda: client.post(url, data=data, headers={"HX-Request": "true"})
        ) as result,
    ):
        assert write_lock_is_free()
    assert result["response"].status_code == 200
    assert "A block about four." in result["response"].text  # control: it rendered
    assert writes_or_locks(seen) == []  # a preview writes nothing, so never locks


def test_review_post_renders_before_it_takes_the_write_lock(
    app, client, make_show, make_user, login, monkeypatch
):
    show = make_show(episodes=10)
    login(make_user())
    token = client.csrf_token()
    slow = SlowRenderer(monkeypatch)
    url = f"/shows/{show.slug}/reviews/new"
    with (
        statements() as seen,
        rendering(slow, lambda: client.post(url, data=GOOD | {"csrf_token": token})) as result,
    ):
        assert write_lock_is_free()
        assert writes_or_locks(seen) == []  # nothing written before the render
    assert result["response"].status_code == 303
    assert writes_or_locks(seen)  # control: then the review was written
    assert db.session.scalar(select(func.count()).select_from(Review)) == 1


def test_review_post_failing_validation_never_takes_the_write_lock(
    app, client, make_show, make_user, login, monkeypatch
):
    show = make_show(episodes=10)
    login(make_user())
    token = client.csrf_token()
    slow = SlowRenderer(monkeypatch)
    url = f"/shows/{show.slug}/reviews/new"
    data = GOOD | {"rating_overall": "11", "csrf_token": token}  # the body itself is fine
    with statements() as seen, rendering(slow, lambda: client.post(url, data=data)) as result:
        assert write_lock_is_free()
    assert result["response"].status_code == 200
    assert "Choose a rating" in result["response"].text  # control: refused, form shown again
    assert writes_or_locks(seen) == []
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0
