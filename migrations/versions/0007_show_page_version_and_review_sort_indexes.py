"""A show's page version, and review indexes that match each sort exactly.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 05:40:00

`show.page_version` counts the changes to what a show page shows (app/pagecache.py).
Each review sort ends in `created_at DESC, id DESC`; an index holding the whole sort key
lets PostgreSQL read a page of reviews straight off the index, at any depth.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD = {
    'ix_review_show_id_created_at': ['show_id', 'created_at'],
    'ix_review_show_id_helpful_count': ['show_id', 'helpful_count'],
}
NEW = {
    'ix_review_show_newest': ['show_id', 'created_at', 'id'],
    'ix_review_show_helpful': ['show_id', 'helpful_count', 'created_at', 'id'],
    'ix_review_show_rating': ['show_id', 'rating_overall', 'created_at', 'id'],
}


def upgrade():
    # Not in batch mode: SQLite adds a column in place (see docs/decisions.md on `user`).
    op.add_column('show', sa.Column('page_version', sa.Integer(), server_default='0', nullable=False))
    for name, columns in NEW.items():
        op.create_index(name, 'review', columns)
    for name in OLD:
        op.drop_index(name, table_name='review')


def downgrade():
    for name, columns in OLD.items():
        op.create_index(name, 'review', columns)
    for name in NEW:
        op.drop_index(name, table_name='review')
    with op.batch_alter_table('show', schema=None) as batch_op:
        batch_op.drop_column('page_version')
