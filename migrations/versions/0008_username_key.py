"""Usernames are unique by a folded key, not by lower(username).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00

`user.username_key` is the name NFKC-normalised and case-folded, so "Minji", "minji" and
fullwidth "ｍｉｎｊｉ" are one name; its unique index replaces the expression index
`uq_user_username_lower`. Schema and data in one revision: the key must be filled before
it can be unique. It is computed here in Python (SQL has no NFKC) by a copy of
app/models/user.py's `username_key`, so this revision never changes.

No batch mode: rebuilding `user` on SQLite, where foreign keys are on, would delete
every row that references a user (ON DELETE CASCADE). So the column is added NOT NULL
with a default of '' (SQLite needs one to add it), and PostgreSQL drops the default
afterwards; SQLite keeps it, harmlessly: the app always sets the key, and the unique
index refuses a second ''.
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

USERS = sa.table('user', sa.column('id', sa.Integer), sa.column('username', sa.String),
                 sa.column('username_key', sa.String))


def username_key(name):
    return unicodedata.normalize('NFKC', unicodedata.normalize('NFKC', name).casefold())


def upgrade():
    connection = op.get_bind()
    owners = {}  # checked before any change: SQLite cannot roll back DDL
    for user_id, username in connection.execute(sa.select(USERS.c.id, USERS.c.username)):
        key = username_key(username)
        if key in owners:
            raise RuntimeError(f'Users {owners[key]} and {user_id} have the same username once '
                               f'case and width are folded ({key!r}): rename one, then upgrade.')
        owners[key] = user_id
    op.add_column('user', sa.Column('username_key', sa.String(length=120), nullable=False,
                                    server_default=''))
    if owners:
        fill = (USERS.update().where(USERS.c.id == sa.bindparam('user_id'))
                .values(username_key=sa.bindparam('key')))
        connection.execute(fill, [{'user_id': i, 'key': k} for k, i in owners.items()])
    if connection.dialect.name != 'sqlite':
        op.alter_column('user', 'username_key', server_default=None)
    op.create_index('ix_user_username_key', 'user', ['username_key'], unique=True)
    op.drop_index('uq_user_username_lower', table_name='user')


def downgrade():
    op.create_index('uq_user_username_lower', 'user', [sa.text('lower(username)')], unique=True)
    op.drop_index('ix_user_username_key', table_name='user')
    op.drop_column('user', 'username_key')
