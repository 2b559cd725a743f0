"""Shows carry a search key (titles without spaces or punctuation, case-folded), indexed.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 12:00:00

Schema only; revision 0015 fills the keys of existing shows. Not in batch mode: SQLite
adds the column in place (with a default, as NOT NULL needs one), where rebuilding `show`,
which most tables reference, would cascade deletes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('show', sa.Column('search_key', sa.String(length=600), nullable=False,
                                    server_default=''))
    op.create_index('ix_show_search_key', 'show', ['search_key'], unique=False)


def downgrade():
    # SQLite (3.35+) drops a column in place once no index uses it: no rebuild.
    op.drop_index('ix_show_search_key', table_name='show')
    op.drop_column('show', 'search_key')
