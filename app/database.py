"""Engine tuning for each database driver, bound to the app's engine by `init_app`.

SQLite: WAL, a busy timeout, real foreign keys, and a write lock taken only when a
request is about to write (below). PostgreSQL: pooled connections handed out without a
round trip, and reads in autocommit.

When SQLite's write lock is taken. SQLite has one writer at a time, so a request must
not hold the lock while it does anything slow (rendering a review's Markdown, hashing
a password): every other writer would queue behind it. So statements run in the
driver's autocommit mode, where a read holds nothing once it has been read, until the
first statement that writes or announces a write:

- an INSERT, UPDATE or DELETE (the first flush with changes, a Core update): the
  driver begins the transaction with `BEGIN IMMEDIATE` just before it;
- a SELECT ... FOR UPDATE (`scores.lock_member`, `stats rebuild`) or a SAVEPOINT:
  we begin it with `BEGIN IMMEDIATE`, because what follows reads in order to write.

From there to the commit or rollback, every statement, reads included, runs inside that
one write transaction, so a read-then-write sequence (the score statistics in
`scores.tracking`) sees the latest commit and cannot be raced, as PostgreSQL's row lock
guarantees there. `BEGIN IMMEDIATE` takes the lock before anything is read, and while
another writer holds it, it waits (the busy timeout) instead of failing: a transaction
that had read first and then tried to write would fail at once with "database is
locked" if another writer had committed in between. A request that writes nothing (a
preview, a form that fails validation, any GET) never takes the lock. Views validate
(and so render) before they act, so the rendering happens before the lock.
"""

import select

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.sql.elements import SavepointClause

from app.extensions import db

READING_METHODS = ("GET", "HEAD", "OPTIONS")


def init_app(app: Flask) -> None:
    """Listen on `app`'s engine for the events its driver needs."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "before_execute", _sqlite_lock_before_writing)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "checkout", _postgresql_checkout)


def _sqlite_connect(dbapi_connection, _record) -> None:
    """WAL for concurrent readers, a busy timeout instead of 'database is locked', real
    FKs, and the driver's own BEGIN IMMEDIATE before the first write of a transaction."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")  # as long as a request may take
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # The driver runs reads in autocommit and begins a transaction, in this mode, just
    # before an INSERT, UPDATE or DELETE.
    dbapi_connection.isolation_level = "IMMEDIATE"


def _sqlite_lock_before_writing(connection, statement, *_args) -> None:
    """Begin the write transaction before a SELECT ... FOR UPDATE or a SAVEPOINT: the
    statements that follow them read in order to write (see the module's docstring)."""
    locks = getattr(statement, "_for_update_arg", None) is not None
    if not (locks or isinstance(statement, SavepointClause)):
        return
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


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


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session has loaded (the account, the show, the
    entry just written), so the reply that follows does not read them again.

    For a view whose reply shows the state of its own transaction, as a page rendered a
    moment earlier would (the progress POST, issue 20). A value changed by a Core
    statement is stale in memory unless that statement sets it on the loaded object, as
    the page version's bump does (app/pagecache.py).
    """
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring
