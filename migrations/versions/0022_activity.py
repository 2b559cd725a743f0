"""The feed's activity items: reviews, episode ratings and list updates, newest first (issue 18).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('show_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('review', 'episode_rating', 'list_item', name='activity_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('episode', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_activity_actor_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['show_id'], ['show.id'], name=op.f('fk_activity_show_id_show'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    op.create_index('ix_activity_actor_id_id', 'activity', ['actor_id', 'id'], unique=False)
    op.create_index('ix_activity_show_id_id', 'activity', ['show_id', 'id'], unique=False)


def downgrade():
    op.drop_table('activity')
