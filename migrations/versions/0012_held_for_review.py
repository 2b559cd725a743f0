"""Comments and reviews reported as unmarked spoilers by enough members are held for review.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


TABLES = ('comment', 'review')
COLUMNS = ('held_at', 'spoiler_tagged_at')


def upgrade():
    # Not in batch mode: SQLite adds a nullable column in place, and rebuilding `review`
    # (which comments, votes and reports reference) would cascade deletes.
    for table in TABLES:
        for column in COLUMNS:
            op.add_column(table, sa.Column(column, sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # SQLite (3.35+) drops a plain column in place too: no rebuild.
    for table in TABLES:
        for column in reversed(COLUMNS):
            op.drop_column(table, column)
