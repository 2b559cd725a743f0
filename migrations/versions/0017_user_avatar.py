"""A member's avatar: the content hash naming its WebP files (NULL: initials).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: SQLite adds a nullable column in place, and rebuilding `user`
    # would cascade-delete every row that references a user.
    op.add_column('user', sa.Column('avatar_key', sa.String(length=20), nullable=True))


def downgrade():
    # SQLite (3.35+) drops a column in place too. The files stay in MEDIA_FOLDER.
    op.drop_column('user', 'avatar_key')
