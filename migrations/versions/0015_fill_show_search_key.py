"""Data: every show's search key, and its search terms rebuilt from the titles' keys.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 12:30:00

The key and the terms are computed here in Python (SQL has no NFKC or Unicode
categories) by a copy of app/search.py as it is at this revision, so this revision never
changes. The terms were suffixes of each title word; they become suffixes of each whole
title's key, so "런온" finds "런 온". Downgrading keeps the new terms, which find
everything the old ones did.
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SEPARATOR = "|"
MAX_TERM_LENGTH = 100
MAX_SEARCH_KEY_LENGTH = 600

SHOWS = sa.table(
    "show",
    sa.column("id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("native_title", sa.String),
    sa.column("search_key", sa.String),
)
ALT_TITLES = sa.table(
    "alt_title",
    sa.column("show_id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("id", sa.Integer),
)
TERMS = sa.table("search_term", sa.column("show_id", sa.Integer), sa.column("term", sa.String))


def title_key(text):
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(
        ch
        for ch in unicodedata.normalize("NFC", stripped)
        if unicodedata.category(ch)[0] not in "ZPSC"
    )


def keys_of(titles):
    return list(dict.fromkeys(key for key in map(title_key, titles) if key))


def search_key(keys):
    joined = SEPARATOR
    for key in keys:
        if len(joined) + len(key) + 1 > MAX_SEARCH_KEY_LENGTH:
            break
        joined += key + SEPARATOR
    return "" if joined == SEPARATOR else joined


def upgrade():
    connection = op.get_bind()
    alt_titles = {}
    for show_id, title in connection.execute(
        sa.select(ALT_TITLES.c.show_id, ALT_TITLES.c.title).order_by(ALT_TITLES.c.id)
    ):
        alt_titles.setdefault(show_id, []).append(title)
    fill = (
        SHOWS.update()
        .where(SHOWS.c.id == sa.bindparam("show_id"))
        .values(search_key=sa.bindparam("key"))
    )
    shows = connection.execute(sa.select(SHOWS.c.id, SHOWS.c.title, SHOWS.c.native_title))
    for show_id, title, native_title in shows.all():
        keys = keys_of([title or "", native_title or ""] + alt_titles.get(show_id, []))
        terms = {key[start : start + MAX_TERM_LENGTH] for key in keys for start in range(len(key))}
        connection.execute(fill, {"show_id": show_id, "key": search_key(keys)})
        connection.execute(TERMS.delete().where(TERMS.c.show_id == show_id))
        if terms:
            connection.execute(
                TERMS.insert(), [{"show_id": show_id, "term": term} for term in sorted(terms)]
            )


def downgrade():
    op.execute(SHOWS.update().values(search_key=""))
