"""A review revision keeps the reason of a moderator's edit (shown in its edit history).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 12:01:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: SQLite adds a nullable column in place.
    op.add_column('review_revision', sa.Column('reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('review_revision', schema=None) as batch_op:
        batch_op.drop_column('reason')
