"""Revision 0015 keys the shows that existed before it, so old catalogues search alike."""

import sqlite3

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from app.search import search_key, terms_for
from tests.test_migrations import MIGRATIONS

OLD_ROWS = """
INSERT INTO show (id, slug, title, native_title, episode_count, synopsis, created_at,
                  page_version)
VALUES (1, 'run-on', 'Run On', '런 온', 16, '', '2026-01-01', 0),
       (2, 'bare', 'Bare!', NULL, 1, '', '2026-01-01', 0);
INSERT INTO alt_title (id, show_id, title) VALUES (1, 1, 'Reon On');
INSERT INTO search_term (show_id, term) VALUES (1, 'run'), (1, 'un'), (1, 'on');
"""


def test_fill_migration_keys_existing_shows_and_rebuilds_their_terms(tmp_path):
    path = tmp_path / "old.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0014")
        with sqlite3.connect(path) as old:
            old.executescript(OLD_ROWS)
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT id, search_key FROM show")).all())
            terms = connection.execute(
                text("SELECT term FROM search_term WHERE show_id = 1")
            ).scalars()
            assert keys == {1: "|runon|런온|reonon|", 2: "|bare|"}
            assert keys[1] == search_key(["Run On", "런 온", "Reon On"])  # the app agrees
            assert set(terms) == terms_for(["Run On", "런 온", "Reon On"])
        downgrade(directory=MIGRATIONS, revision="0012")  # and back, in place
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alt_title")).scalar() == 1
        db.engine.dispose()
