"""Migration 0019 rebuilds `comment` on SQLite (batch mode) without losing what hangs
off it: revisions and reports would go by cascade if foreign keys stayed on."""

import sqlite3
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")
ROWS = """
INSERT INTO "user" (id, username, username_key, email, password_hash, role, is_banned,
                    session_token, created_at)
  VALUES (1, 'Minji', 'minji', 'a@x.test', 'x', 'user', 0, 't', '2026-01-01');
INSERT INTO show (id, slug, title, episode_count, synopsis, created_at)
  VALUES (1, 's', 'S', 10, '', '2026-01-01');
INSERT INTO review (id, show_id, author_id, title, body, segments, excerpt, episodes_watched,
                    rating_overall, helpful_count, created_at)
  VALUES (1, 1, 1, 'T', 'B', '[]', '', 10, 8.0, 0, '2026-01-01');
INSERT INTO comment (id, review_id, author_id, body, segments, status, created_at)
  VALUES (1, 1, 1, 'KEPT-COMMENT', '[]', 'visible', '2026-01-01');
INSERT INTO comment_revision (id, comment_id, body, created_at)
  VALUES (1, 1, 'old text', '2026-01-01');
INSERT INTO report (id, reporter_id, comment_id, reason, note, status, created_at)
  VALUES (1, 1, 1, 'spam', '', 'open', '2026-01-01');
"""
COUNTS = "SELECT (SELECT count(*) FROM comment), (SELECT count(*) FROM comment_revision)," \
    " (SELECT count(*) FROM report)"  # fmt: skip
THREAD_COMMENT = text(
    "INSERT INTO comment (author_id, show_id, episode, written_at_episode, body, segments,"
    " status, created_at) VALUES (1, 1, :episode, :stamp, 'x', '[]', 'visible', '2026-01-02')"
)


def test_thread_migration_keeps_comments_revisions_and_reports(tmp_path):
    path = tmp_path / "old.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0018")
        with sqlite3.connect(path) as old:
            old.executescript(ROWS)
        upgrade(directory=MIGRATIONS, revision="0019")
        with db.engine.begin() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (1, 1, 1)
            schema = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'comment'")
            ).scalar()
            assert "ck_comment_comment_status" in schema  # the status CHECK survived
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            connection.execute(THREAD_COMMENT, {"episode": 3, "stamp": 5})
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(THREAD_COMMENT, {"episode": 6, "stamp": 5})  # not watched
        downgrade(directory=MIGRATIONS, revision="0018")
        with db.engine.connect() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (1, 1, 1)
        db.engine.dispose()
