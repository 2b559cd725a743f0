"""Engine tuning for each database driver, bound to the app's engine by `init_app`.

SQLite: WAL, a busy timeout, real foreign keys, and write transactions that take the
write lock when they begin. PostgreSQL: pooled connections handed out without a round
trip, and reads in autocommit.
"""

import select

from flask import Flask, g, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError

from app.extensions import db

READING_METHODS = ("GET", "HEAD", "OPTIONS")


def init_app(app: Flask) -> None:
    """Listen on `app`'s engine for the events its driver needs."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "checkout", _postgresql_checkout)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL for concurrent readers, a busy timeout instead of 'database is locked', real FKs."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")  # as long as a request may take
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """Requests that write take SQLite's write lock when their transaction starts.

    A deferred transaction that reads and then writes fails at once with "database is
    locked" if another writer committed in between (the busy timeout cannot help it);
    taking the lock up front makes concurrent writers wait their turn instead, and the
    reads a write depends on (score statistics) happen inside the same transaction.
    Everything else keeps the driver's default, which begins only before a write.
    """
    driver = connection.connection.driver_connection
    writing = has_request_context() and request.method not in READING_METHODS
    if writing or wants_write_transactions():
        driver.isolation_level = None  # we begin it ourselves, taking the write lock now
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        driver.isolation_level = ""  # the driver's default: reads see the latest commit


def _postgresql_checkout(dbapi_connection, _record, _proxy) -> None:
    """Hand a pooled connection out without a round trip to the server.

    Liveness: a server that goes away (restart, crash, idle timeout) closes the socket,
    which then reads as ready while the connection is idle; such a connection is
    discarded and the pool opens a fresh one. This replaces pool_pre_ping's `SELECT 1`,
    one round trip per request. Reads: GET and HEAD requests never write, so they run in
    autocommit, which spares the BEGIN and ROLLBACK round trips around their queries
    (each statement sees the latest commit, as under READ COMMITTED anyway).
    """
    if dbapi_connection.closed or _readable(dbapi_connection.fileno()):
        raise DisconnectionError("the server closed this pooled connection")
    reading = has_request_context() and request.method in READING_METHODS
    if dbapi_connection.autocommit != reading:
        dbapi_connection.autocommit = reading


def _readable(fd: int) -> bool:
    """True when `fd` has data or end-of-file waiting (poll: select() stops at fd 1024)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


def wants_write_transactions() -> bool:
    """Work outside a request (commands, tests) may ask for write transactions too, by
    setting `g.sqlite_write_transactions`."""
    return has_app_context() and g.get("sqlite_write_transactions", False)
