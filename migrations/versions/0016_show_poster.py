"""A show's poster: the content hash naming its WebP files (NULL: the generated cover).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: SQLite adds a nullable column in place, and rebuilding `show`,
    # which most tables reference, would cascade deletes.
    op.add_column('show', sa.Column('poster_key', sa.String(length=20), nullable=True))


def downgrade():
    # SQLite (3.35+) drops a column in place too. The files stay in MEDIA_FOLDER.
    op.drop_column('show', 'poster_key')
