"""Follows, blocks and progress events (issue 18).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def _pair(name, left, right):
    op.create_table(name,
    sa.Column(left, sa.Integer(), nullable=False),
    sa.Column(right, sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(f'{left} <> {right}', name=op.f(f'ck_{name}_not_self')),
    sa.ForeignKeyConstraint([left], ['user.id'], name=op.f(f'fk_{name}_{left}_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint([right], ['user.id'], name=op.f(f'fk_{name}_{right}_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint(left, right, name=op.f(f'pk_{name}'))
    )
    op.create_index(op.f(f'ix_{name}_{right}'), name, [right], unique=False)


def upgrade():
    _pair('follow', 'follower_id', 'followed_id')
    _pair('block', 'blocker_id', 'blocked_id')
    op.create_table('progress_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('show_id', sa.Integer(), nullable=False),
    sa.Column('from_episode', sa.Integer(), nullable=False),
    sa.Column('to_episode', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['show_id'], ['show.id'], name=op.f('fk_progress_event_show_id_show'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_progress_event_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_event'))
    )
    op.create_index('ix_progress_event_user_id_id', 'progress_event', ['user_id', 'id'], unique=False)
    op.create_index(op.f('ix_progress_event_show_id'), 'progress_event', ['show_id'], unique=False)


def downgrade():
    op.drop_table('progress_event')
    op.drop_table('block')
    op.drop_table('follow')
