"""Unspoiled: a spoiler-aware review site for TV dramas."""

import os
import select
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_app_context, has_request_context, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError

from app import pagecache
from app.config import Config, from_environment
from app.extensions import csrf, db, limiter, login_manager, migrate


class ConfigurationError(RuntimeError):
    """The app cannot start with this configuration."""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error handlers, CLI."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    load_config(app, config)
    init_extensions(app)
    register_blueprints(app)

    from app.cli import register_commands
    from app.errors import register_error_handlers
    from app.htmx import add_vary_header
    from app.security import add_security_headers

    register_error_handlers(app)
    register_commands(app)
    app.after_request(add_vary_header)
    app.after_request(add_security_headers)
    return app


def load_config(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Defaults, then instance/config.py, then the environment, then `overrides`."""
    app.config.from_object(Config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment())
    app.config.update(overrides or {})
    if not app.config["SECRET_KEY"] and not (app.testing or app.debug):
        raise ConfigurationError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or SECRET_KEY in instance/config.py; `make run` writes one for local use)."
        )
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "unspoiled.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config["RATELIMIT_STORAGE_URI"]:
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]


def init_extensions(app: Flask) -> None:
    """Bind the shared extension objects to `app`."""
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    limiter.init_app(app)
    pagecache.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
            event.listen(db.engine, "begin", _sqlite_begin)
        if db.engine.dialect.name == "postgresql":
            event.listen(db.engine, "checkout", _postgresql_checkout)

    from app.models import User

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        ident, _, token = user_id.partition(":")
        user = db.session.get(User, int(ident)) if ident.isdigit() else None
        return user if user is not None and user.session_token == token else None


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
    writing = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
    if writing or g_writes():
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
    reading = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
    if dbapi_connection.autocommit != reading:
        dbapi_connection.autocommit = reading


def _readable(fd: int) -> bool:
    """True when `fd` has data or end-of-file waiting (poll: select() stops at fd 1024)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


def g_writes() -> bool:
    """Work outside a request (commands, tests) may ask for write transactions too."""
    return has_app_context() and g.get("sqlite_write_transactions", False)


def iso_datetime(value: datetime) -> str:
    """RFC 3339 to the second, in UTC (SQLite hands back naive datetimes, stored in UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per area of the site."""
    from app.admin.views import bp as admin_bp
    from app.api.views import bp as api_bp
    from app.auth.views import bp as auth_bp
    from app.comments.service import can_edit
    from app.comments.views import bp as comments_bp
    from app.models import REPORT_REASONS, STATUS_LABELS
    from app.moderation.views import bp as moderation_bp
    from app.moderation.views import moderator_view
    from app.pages.views import bp as pages_bp
    from app.progress.views import bp as progress_bp
    from app.reviews.views import bp as reviews_bp
    from app.scoring import counts_from_episode
    from app.shows.views import bp as shows_bp
    from app.users.views import bp as users_bp

    blueprints = (pages_bp, auth_bp, users_bp, shows_bp, progress_bp, reviews_bp, comments_bp,
                  moderation_bp, api_bp, admin_bp)  # fmt: skip
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.jinja_env.globals["STATUS_LABELS"] = STATUS_LABELS
    app.jinja_env.globals["counts_from_episode"] = counts_from_episode
    app.jinja_env.globals["comment_can_edit"] = lambda c: can_edit(c, current_user)
    app.jinja_env.globals["REPORT_REASONS"] = REPORT_REASONS
    app.jinja_env.globals["moderator_view"] = moderator_view
    app.jinja_env.filters["iso"] = iso_datetime
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
