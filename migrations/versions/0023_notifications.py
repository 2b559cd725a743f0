"""Notifications and per-type opt-outs (issue 18).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


UNREAD_HELPFUL = sa.text("kind = 'helpful' AND read_at IS NULL")


def upgrade():
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('comment', 'reply', 'helpful', 'follow', 'moderation', name='notification_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('show_id', sa.Integer(), nullable=True),
    sa.Column('episode', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_notification_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_notification_comment_id_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['user.id'], name=op.f('fk_notification_recipient_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_notification_review_id_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['show_id'], ['show.id'], name=op.f('fk_notification_show_id_show'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    op.create_index('ix_notification_recipient_id_id', 'notification', ['recipient_id', 'id'], unique=False)
    op.create_index('ix_notification_recipient_id_read_at', 'notification', ['recipient_id', 'read_at'], unique=False)
    op.create_index(op.f('ix_notification_actor_id'), 'notification', ['actor_id'], unique=False)
    op.create_index(op.f('ix_notification_review_id'), 'notification', ['review_id'], unique=False)
    op.create_index(op.f('ix_notification_comment_id'), 'notification', ['comment_id'], unique=False)
    op.create_index('uq_notification_unread_helpful', 'notification', ['recipient_id', 'review_id'], unique=True,
                    sqlite_where=UNREAD_HELPFUL, postgresql_where=UNREAD_HELPFUL)
    op.create_table('notification_opt_out',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_opt_out_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_opt_out'))
    )


def downgrade():
    op.drop_table('notification_opt_out')
    op.drop_table('notification')
