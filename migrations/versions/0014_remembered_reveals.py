"""A member's revealed episodes of a review are remembered until they hide them again.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    # A new table: nothing that exists is rebuilt.
    op.create_table('review_reveal',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('episode', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_reveal_review_id_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_review_reveal_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'review_id', 'episode', name=op.f('pk_review_reveal'))
    )
    op.create_index(op.f('ix_review_reveal_review_id'), 'review_reveal', ['review_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_review_reveal_review_id'), table_name='review_reveal')
    op.drop_table('review_reveal')
