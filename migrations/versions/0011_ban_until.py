"""A ban can end by itself: user.banned_until (NULL for a permanent ban).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: SQLite adds a nullable column in place, and rebuilding `user`
    # would cascade-delete every row that references a user.
    op.add_column('user', sa.Column('banned_until', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # SQLite (3.35+) drops a column in place too; existing bans become permanent.
    op.drop_column('user', 'banned_until')
