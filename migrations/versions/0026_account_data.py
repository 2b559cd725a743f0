"""Your data, in and out (issue 19): verified email addresses, deleted accounts kept as
"a former member", and watch-history imports waiting for confirmation.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, never batch mode: rebuilding "user" on SQLite would cascade-delete
    # every row that references a member.
    op.add_column('user', sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('user', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('history_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_history_import_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_history_import'))
    )
    op.create_index(op.f('ix_history_import_user_id'), 'history_import', ['user_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_history_import_user_id'), table_name='history_import')
    op.drop_table('history_import')
    # SQLite (3.35+) drops a column in place when no index or CHECK names it.
    op.drop_column('user', 'deleted_at')
    op.drop_column('user', 'email_verified_at')
