"""Unspoiled: a spoiler-aware review site for TV dramas."""

import logging
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from app import database, pagecache, urls
from app.config import Config, from_environment
from app.extensions import csrf, db, limiter, login_manager, migrate
from app.extensions import mail as mail_extension  # `app.mail` is the module that sends

log = logging.getLogger(__name__)


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
    warn_if_limits_count_per_process(app)
    init_extensions(app)
    init_urls(app)
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
    # Absolute: files are written relative to the working directory, served relative to
    # the app package.
    media = app.config["MEDIA_FOLDER"] or os.path.join(app.instance_path, "media")
    app.config["MEDIA_FOLDER"] = os.path.abspath(media)
    if not app.config["RATELIMIT_STORAGE_URI"]:
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]


def warn_if_limits_count_per_process(app: Flask) -> None:
    """Log a warning when rate limits are on but kept in this process's memory: each
    gunicorn worker would count on its own, letting several times the limit through."""
    per_process = app.config["RATELIMIT_STORAGE_URI"].startswith("memory://")
    if app.config["RATELIMIT_ENABLED"] and per_process and not (app.testing or app.debug):
        log.warning(
            "Rate limits are counted per process (memory://): with several workers each "
            "counts on its own. Production sets REDIS_URL (see the README)."
        )


def init_extensions(app: Flask) -> None:
    """Bind the shared extension objects to `app`."""
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    mail_extension.init_app(app)
    limiter.init_app(app)
    skip_limiter_middleware(app)
    pagecache.init_app(app)
    app.session_interface = CachedSignerSessionInterface()

    from app.models import User

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        ident, _, token = user_id.partition(":")
        user = db.session.get(User, int(ident)) if ident.isdigit() else None
        return user if user is not None and user.session_token == token else None


def skip_limiter_middleware(app: Flask) -> None:
    """Every rate limit here is a decorator on its view, checked when the view runs;
    Flask-Limiter's check before every request only looks for default, application and
    blueprint limits, which we never set. Dropping it saves about a third of what the
    trivial route costs in the app (bench/README.md). Setting such a limit would make the
    dropped check matter, so that is refused rather than silently ignored."""
    for key in ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META"):
        if app.config.get(key):
            raise ConfigurationError(f"{key} is not supported: limit views with a decorator.")
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:  # absent when rate limits are off
        hooks.remove(limiter._check_request_limit)


class CachedSignerSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signer built once per key rather than
    for every request (it derives keys and builds a serializer each time)."""

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = app.extensions.get("session_signer")
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            app.extensions["session_signer"] = cached
        return cached[1]


def init_urls(app: Flask) -> None:
    """The path converters and the query cleaning of app/urls.py (before any route is added:
    a rule takes its converters when it is added)."""
    app.request_class = urls.CleanRequest
    app.url_map.converters.update(urls.CONVERTERS)


def iso_datetime(value: datetime) -> str:
    """RFC 3339 to the second, in UTC (SQLite hands back naive datetimes, stored in UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per area of the site, and give templates their helpers."""
    from app.account.views import bp as account_bp
    from app.admin.views import bp as admin_bp
    from app.api.views import bp as api_bp
    from app.auth.views import bp as auth_bp
    from app.comments.views import bp as comments_bp
    from app.episodes.views import bp as episodes_bp
    from app.exports.views import bp as exports_bp
    from app.feed.views import bp as feed_bp
    from app.imports.views import bp as imports_bp
    from app.lists.views import bp as lists_bp
    from app.media.views import bp as media_bp
    from app.moderation.views import bp as moderation_bp
    from app.notifications.views import bp as notifications_bp
    from app.pages.views import bp as pages_bp
    from app.reviews.views import bp as reviews_bp
    from app.shows.views import bp as shows_bp
    from app.users.views import bp as users_bp

    blueprints = (pages_bp, auth_bp, users_bp, shows_bp, reviews_bp, comments_bp, episodes_bp,
                  feed_bp, notifications_bp, lists_bp, moderation_bp, api_bp, admin_bp,
                  media_bp, imports_bp, exports_bp, account_bp)  # fmt: skip
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    register_template_helpers(app)


def register_image_helpers(app: Flask) -> None:
    """What templates/macros/images.html needs: the shapes' widths, the file names, the
    colour of a generated cover or of initials, and the initials."""
    from app import images

    app.jinja_env.globals.update(
        POSTER_WIDTHS=images.POSTER.widths,
        image_file=images.file_name,
        image_hue=images.hue,
        initials=images.initials,
    )


def register_template_helpers(app: Flask) -> None:
    """The constants, predicates and helpers templates call instead of restating rules."""
    from app import gating, permissions, places, theme
    from app.models import REPORT_REASONS, STATUS_LABELS
    from app.progress.rules import next_episode
    from app.scoring import counts_from_episode
    from app.security import external_url, return_path

    permissions.register_template_globals(app)
    register_image_helpers(app)
    theme.register_template_globals(app)
    app.jinja_env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        REPORT_REASONS=REPORT_REASONS,
        counts_from_episode=counts_from_episode,
        next_episode=next_episode,
        dom_id=gating.dom_id,
        comment_url=places.comment_url,
        in_full=gating.in_full,
        spoiler_controls_form=gating.CONTROLS_FORM,
        held_notice=gating.HELD_NOTICE,
        external_url=external_url,
        return_path=return_path,
    )
    app.jinja_env.filters["iso"] = iso_datetime
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
