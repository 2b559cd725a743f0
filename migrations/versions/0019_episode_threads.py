"""Episode discussion threads: comments belong to a review or to an episode, replies one level deep, stamped with the author's progress.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 00:45:00

"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

ONE_PLACE = (
    "(review_id IS NOT NULL AND show_id IS NULL AND episode IS NULL"
    " AND written_at_episode IS NULL AND parent_id IS NULL)"
    " OR (review_id IS NULL AND show_id IS NOT NULL AND episode >= 1"
    " AND written_at_episode >= episode)"
)


@contextmanager
def _sqlite_foreign_keys_off():
    """SQLite makes `review_id` nullable and adds the CHECK only by rebuilding `comment`
    (batch mode): a copy, DROP TABLE comment, a rename. With foreign keys on, that DROP
    would delete every comment revision and report by cascade, so they are off for the
    rebuild (the pragma is a no-op inside a transaction: the one alembic holds is
    committed first) and checked after it."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    with op.get_context().autocommit_block():
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    assert bind.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
    try:
        yield
    finally:
        with op.get_context().autocommit_block():
            bind.exec_driver_sql("PRAGMA foreign_keys=ON")
    problems = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    assert not problems, f"foreign keys broken by the rebuild of comment: {problems}"


def upgrade():
    op.create_table('episode_thread',
    sa.Column('show_id', sa.Integer(), nullable=False),
    sa.Column('episode', sa.Integer(), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.CheckConstraint('comment_count >= 0', name=op.f('ck_episode_thread_comment_count_not_negative')),
    sa.ForeignKeyConstraint(['show_id'], ['show.id'], name=op.f('fk_episode_thread_show_id_show'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('show_id', 'episode', name=op.f('pk_episode_thread'))
    )
    with _sqlite_foreign_keys_off(), op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('episode', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('written_at_episode', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.alter_column('review_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index('ix_comment_thread', ['show_id', 'episode', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_comment_show_id_show'), 'show', ['show_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_comment_parent_id_comment'), 'comment', ['parent_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(op.f('ck_comment_one_place'), ONE_PLACE)


def downgrade():
    # Thread comments have no review: they go, with their revisions and reports.
    op.execute("DELETE FROM comment WHERE review_id IS NULL")
    with _sqlite_foreign_keys_off(), op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_comment_one_place'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_comment_parent_id_comment'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_comment_show_id_show'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_comment_parent_id'))
        batch_op.drop_index('ix_comment_thread')
        batch_op.alter_column('review_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('parent_id')
        batch_op.drop_column('written_at_episode')
        batch_op.drop_column('episode')
        batch_op.drop_column('show_id')
    op.drop_table('episode_thread')
