"""Numbers that spoil: a member's setting, per show and site-wide, hiding a show's score and charts until a chosen episode.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 00:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: SQLite adds a nullable column in place, and rebuilding `user`
    # would cascade-delete every row that references a user. NULL: never hidden.
    op.add_column('user', sa.Column('hide_numbers_percent', sa.SmallInteger(), nullable=True))
    # watch_entry is referenced by no other table: rebuilding it on SQLite (for the
    # check) loses nothing.
    with op.batch_alter_table('watch_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hide_numbers_until', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_watch_entry_hide_numbers_until_not_negative'), 'hide_numbers_until >= 0'
        )


def downgrade():
    with op.batch_alter_table('watch_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_watch_entry_hide_numbers_until_not_negative'), type_='check')
        batch_op.drop_column('hide_numbers_until')
    # SQLite (3.35+) drops a column in place too.
    op.drop_column('user', 'hide_numbers_percent')
