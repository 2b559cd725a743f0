"""Configuration read from the environment, with safe defaults.

Precedence, lowest first: `Config` defaults, `instance/config.py`, the environment,
then the mapping passed to `create_app` (tests).
"""

import os
from collections.abc import Mapping
from typing import Any

TRUE_WORDS = {"1", "true", "yes", "on"}


def _as_bool(value: str) -> bool:
    return value.strip().lower() in TRUE_WORDS


# Environment key -> (config key, parser). The README lists each with its default.
ENVIRONMENT_KEYS: dict[str, tuple[str, Any]] = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "REDIS_URL": ("REDIS_URL", str),
    "RATELIMIT_ENABLED": ("RATELIMIT_ENABLED", _as_bool),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "SCORE_MIN_VOTES": ("SCORE_MIN_VOTES", int),
    "SCORE_PRIOR_VOTES": ("SCORE_PRIOR_VOTES", int),
    "EPISODE_MIN_RATINGS": ("EPISODE_MIN_RATINGS", int),
    "SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", _as_bool),
    "PAGE_CACHE_MB": ("PAGE_CACHE_MB", int),
    "SITE_URL": ("SITE_URL", str),
    "SPOILER_HOLD_REPORTS": ("SPOILER_HOLD_REPORTS", int),
    "MEDIA_FOLDER": ("MEDIA_FOLDER", str),
    "IMAGE_MAX_BYTES": ("IMAGE_MAX_BYTES", int),
    "IMAGE_MAX_PIXELS": ("IMAGE_MAX_PIXELS", int),
    "IMPORT_MAX_BYTES": ("IMPORT_MAX_BYTES", int),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", _as_bool),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", _as_bool),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
}


class Config:
    """Defaults for every setting; safe for production except that SECRET_KEY must be set.
    Tests pass their settings to `create_app` (tests/fixtures/app.py)."""

    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # None: SQLite in the instance folder
    REDIS_URL: str | None = None
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI: str | None = None  # None: REDIS_URL if set, else memory
    RATELIMIT_HEADERS_ENABLED = True
    SCORE_MIN_VOTES = 5
    SCORE_PRIOR_VOTES = 10
    EPISODE_MIN_RATINGS = 3  # ratings an episode needs before its mean shows (issue 17)
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    PAGE_CACHE_MB = 64  # rendered show pages kept per process (app/pagecache.py); 0: off
    SITE_URL: str | None = None  # e.g. https://unspoiled.example; None: absolute links use Host
    SPOILER_HOLD_REPORTS = 3  # members whose open unmarked-spoiler reports hold an item
    # Posters and avatars (app/images.py, app/media/). None: <instance folder>/media. With
    # several app servers, a folder they all share (NFS, a mounted volume): any server
    # may be asked for a file another one wrote.
    MEDIA_FOLDER: str | None = None
    IMAGE_MAX_BYTES = 8 * 1024 * 1024  # an upload's file; its request may be this much
    # larger than MAX_CONTENT_LENGTH (app/urls.py, `accepts_upload`)
    IMAGE_MAX_PIXELS = 40_000_000  # checked from the header, before decoding
    # A watch-history file (/account/import, issue 19): its request may be this much larger
    # than MAX_CONTENT_LENGTH (app/urls.py, `accepts_upload`).
    IMPORT_MAX_BYTES = 20 * 1024 * 1024
    # Email (Flask-Mail, issue 19). Without MAIL_SERVER, mail is written to the log instead
    # (development); app/mail.py.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Unspoiled <no-reply@unspoiled.invalid>"
    # Flask-Mail would not send under TESTING; app/mail.py decides from MAIL_SERVER alone,
    # so tests send to a real SMTP server in the test process.
    MAIL_SUPPRESS_SEND = False


def from_environment(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Return the settings present in `environ`, parsed; a bad number raises ValueError."""
    settings: dict[str, Any] = {}
    for env_key, (config_key, parse) in ENVIRONMENT_KEYS.items():
        raw = environ.get(env_key)
        if raw is None or raw == "":
            continue
        try:
            settings[config_key] = parse(raw)
        except ValueError as exc:
            raise ValueError(f"{env_key}={raw!r} is not valid: {exc}") from None
    return settings
