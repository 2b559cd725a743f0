"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

import uuid
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def upgrade_and_compare(database_url: str) -> list:
    """Upgrade an empty database to head; return autogenerate's differences from the models."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context(), warnings.catch_warnings():
        # Reflection (batch migrations, autogenerate) skips expression indexes and says so;
        # the case-insensitive username index is checked by behaviour below instead.
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert_usernames_unique_in_any_case()
        db.engine.dispose()
    return diff


def assert_usernames_unique_in_any_case() -> None:
    insert = text(
        'INSERT INTO "user" (username, email, password_hash, role, is_banned, session_token,'
        " created_at) VALUES (:name, :email, 'x', 'user', false, 't', CURRENT_TIMESTAMP)"
    )
    with db.engine.begin() as connection:
        connection.execute(insert, {"name": "Minji", "email": "a@example.com"})
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(insert, {"name": "MINJI", "email": "b@example.com"})


def test_migrations_match_models_on_sqlite(tmp_path):
    assert upgrade_and_compare(f"sqlite:///{tmp_path / 'migrated.db'}") == []


@pytest.fixture
def empty_postgres_database(postgres_url):
    """A new, empty database on the test server, dropped afterwards."""
    name = f"unspoiled_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgresql
def test_migrations_match_models_on_postgresql(empty_postgres_database):
    assert upgrade_and_compare(empty_postgres_database) == []
