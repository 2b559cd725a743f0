"""Configuration: SECRET_KEY is required outside tests, settings come from the environment."""

import pytest
from sqlalchemy import text

from app import ConfigurationError, create_app
from app.config import from_environment
from app.extensions import db


def test_app_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})


def test_app_starts_with_secret_key_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not app.testing


def test_environment_settings_are_parsed():
    settings = from_environment(
        {
            "DATABASE_URL": "postgresql+psycopg://db/unspoiled",
            "RATELIMIT_ENABLED": "false",
            "SESSION_COOKIE_SECURE": "true",
            "SCORE_MIN_VOTES": "7",
            "REDIS_URL": "",
        }
    )
    assert settings == {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/unspoiled",
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": True,
        "SCORE_MIN_VOTES": 7,
    }


def test_bad_number_in_environment_is_a_clear_error():
    with pytest.raises(ValueError, match="SCORE_MIN_VOTES='five' is not valid"):
        from_environment({"SCORE_MIN_VOTES": "five"})


def test_redis_url_becomes_rate_limit_storage(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "RATELIMIT_STORAGE_URI": None,
        }
    )
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


@pytest.mark.parametrize("key", ["RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META"])
def test_limits_outside_a_view_decorator_are_refused(tmp_path, key):
    """Every limit is a view's decorator: Flask-Limiter's check before each request, which
    only such limits would need, is dropped (create_app), so setting one is an error rather
    than a limit that silently never applies."""
    settings = {"SECRET_KEY": "x", "RATELIMIT_ENABLED": True, key: "10 per minute",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"}  # fmt: skip
    with pytest.raises(ConfigurationError, match=f"{key} is not supported"):
        create_app(settings)


def test_no_limiter_check_runs_before_every_request(tmp_path):
    app = create_app({"SECRET_KEY": "x", "RATELIMIT_ENABLED": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})  # fmt: skip
    names = [getattr(hook, "__name__", "") for hook in app.before_request_funcs[None]]
    assert "_check_request_limit" not in names and names  # the others are still there


def test_session_signer_is_built_once_per_key(tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    app.secret_key = "rotated"
    assert interface.get_signing_serializer(app) is not first  # a new key signs anew
