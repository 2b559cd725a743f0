"""A show's runtime in minutes per episode, for members' watch statistics (issue 18).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

CHECK = 'runtime_minutes BETWEEN 1 AND 600'


def upgrade():
    # Never in batch mode: rebuilding `show` on SQLite would cascade-delete every row that
    # references a show. SQLite adds the nullable column with its check in place (ADD
    # COLUMN takes column constraints, which Alembic's add_column does not render).
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(
            'ALTER TABLE show ADD COLUMN runtime_minutes INTEGER '
            f'CONSTRAINT ck_show_runtime_minutes_range CHECK ({CHECK})'
        )
    else:
        op.add_column('show', sa.Column('runtime_minutes', sa.Integer(), nullable=True))
        op.create_check_constraint(op.f('ck_show_runtime_minutes_range'), 'show', CHECK)


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('ck_show_runtime_minutes_range'), 'show', type_='check')
    # SQLite (3.35+) drops a column in place, unless a CHECK on the table names it: the
    # column's own constraint goes with it.
    op.drop_column('show', 'runtime_minutes')
