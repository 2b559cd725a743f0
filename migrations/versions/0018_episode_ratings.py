"""Episode ratings and their exact statistics (episode_rating, episode_stats).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 00:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('episode_rating',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('show_id', sa.Integer(), nullable=False),
    sa.Column('episode', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Double(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 10', name=op.f('ck_episode_rating_rating_range')),
    sa.CheckConstraint('rating * 2 = CAST(rating * 2 AS INTEGER)', name=op.f('ck_episode_rating_rating_half_steps')),
    sa.CheckConstraint('episode >= 1', name=op.f('ck_episode_rating_episode_positive')),
    sa.ForeignKeyConstraint(['show_id'], ['show.id'], name=op.f('fk_episode_rating_show_id_show'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_episode_rating_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'show_id', 'episode', name=op.f('pk_episode_rating'))
    )
    op.create_table('episode_stats',
    sa.Column('show_id', sa.Integer(), nullable=False),
    sa.Column('episode', sa.Integer(), nullable=False),
    sa.Column('rating_count', sa.Integer(), nullable=False),
    sa.Column('rating_sum', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['show_id'], ['show.id'], name=op.f('fk_episode_stats_show_id_show'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('show_id', 'episode', name=op.f('pk_episode_stats'))
    )


def downgrade():
    op.drop_table('episode_stats')
    op.drop_table('episode_rating')
