"""Comment revisions: a comment as it was before each edit, for its edit history.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_comment_revision_comment_id_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['editor_id'], ['user.id'], name=op.f('fk_comment_revision_editor_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_revision'))
    )
    with op.batch_alter_table('comment_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_revision_comment_id'), ['comment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('comment_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_revision_comment_id'))
    op.drop_table('comment_revision')
