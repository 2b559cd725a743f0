"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def upgrade_and_compare(database_url: str) -> list:
    """Upgrade an empty database to head; return autogenerate's differences from the models."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert_usernames_unique_by_key()
        db.engine.dispose()
    return diff


INSERT_USER = text(
    'INSERT INTO "user" (username, username_key, email, password_hash, role, is_banned,'
    " is_list_public, session_token, created_at)"
    " VALUES (:name, :key, :email, 'x', 'user', false, true, 't', CURRENT_TIMESTAMP)"
)


def assert_usernames_unique_by_key() -> None:
    with db.engine.begin() as connection:
        connection.execute(INSERT_USER, {"name": "Minji", "key": "minji", "email": "a@x.test"})
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(INSERT_USER, {"name": "MINJI", "key": "minji", "email": "b@x.test"})


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


def test_username_key_migration_fills_keys_and_keeps_what_users_own(tmp_path):
    path = tmp_path / "old.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0007")
        with sqlite3.connect(path) as old:
            old.executescript(OLD_ROWS)
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            users = connection.execute(text('SELECT username, username_key FROM "user"')).all()
            entries = connection.execute(text("SELECT count(*) FROM watch_entry")).scalar()
        assert sorted(users) == [("Minji", "minji"), ("ｂｏｂ_2", "bob_2")]
        assert entries == 2  # no rebuild of "user" cascaded to the rows that reference it
        downgrade(directory=MIGRATIONS, revision="0007")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM watch_entry")).scalar() == 2
        db.engine.dispose()


def test_username_key_migration_stops_unchanged_on_names_equal_once_folded(tmp_path, capsys):
    path = tmp_path / "old.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0007")
        with sqlite3.connect(path) as old:
            old.executescript(OLD_ROWS.replace("ｂｏｂ_2", "ＭＩＮＪＩ"))
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits 1
            upgrade(directory=MIGRATIONS)
        assert "Users 1 and 2 have the same username once case and width" in capsys.readouterr().err
        with db.engine.connect() as connection:
            columns = connection.execute(text("SELECT name FROM pragma_table_info('user')"))
            assert "username_key" not in columns.scalars().all()
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar() == "0007"
        db.engine.dispose()


OLD_ROWS = """
INSERT INTO "user" (id, username, email, password_hash, role, is_banned, session_token,
                    created_at) VALUES
  (1, 'Minji', 'a@x.test', 'x', 'user', 0, 't', '2026-01-01'),
  (2, 'ｂｏｂ_2', 'b@x.test', 'x', 'user', 0, 't', '2026-01-01');
INSERT INTO show (id, slug, title, episode_count, synopsis, created_at)
  VALUES (1, 's', 'S', 3, '', '2026-01-01');
INSERT INTO watch_entry (user_id, show_id, status, episodes_watched, updated_at) VALUES
  (1, 1, 'watching', 1, '2026-01-01'), (2, 1, 'watching', 2, '2026-01-01');
"""
