"""Lists of shows with notes, ordered; public or private (issue 18).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


ONE_TARGET_OLD = '(comment_id IS NULL) <> (review_id IS NULL)'
ONE_TARGET = (
    "(CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN review_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN list_id IS NULL THEN 0 ELSE 1 END) = 1"
)


def upgrade():
    op.create_table('show_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('visible', 'hidden', name='show_list_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('spoiler_tagged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_show_list_owner_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_show_list'))
    )
    op.create_index('ix_show_list_owner_id_id', 'show_list', ['owner_id', 'id'], unique=False)
    op.create_table('list_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('show_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['show_list.id'], name=op.f('fk_list_item_list_id_show_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['show_id'], ['show.id'], name=op.f('fk_list_item_show_id_show'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_item')),
    sa.UniqueConstraint('list_id', 'show_id', name=op.f('uq_list_item_list_id'))
    )
    op.create_index('ix_list_item_list_id_position', 'list_item', ['list_id', 'position'], unique=False)
    op.create_index(op.f('ix_list_item_show_id'), 'list_item', ['show_id'], unique=False)
    # A report names a comment, a review or (now) a list: exactly one of them.
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('list_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_report_list_id'), ['list_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_report_list_id_show_list'), 'show_list', ['list_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_report_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', ONE_TARGET)


def downgrade():
    op.execute("DELETE FROM report WHERE list_id IS NOT NULL")
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_report_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', ONE_TARGET_OLD)
        batch_op.drop_constraint(batch_op.f('fk_report_list_id_show_list'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_report_list_id'))
        batch_op.drop_column('list_id')
    op.drop_index(op.f('ix_list_item_show_id'), table_name='list_item')
    op.drop_index('ix_list_item_list_id_position', table_name='list_item')
    op.drop_table('list_item')
    op.drop_index('ix_show_list_owner_id_id', table_name='show_list')
    op.drop_table('show_list')
