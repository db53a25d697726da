"""A solve's heartbeat, the state it returns to, and its job: a killed or cancelled solve is noticed and undone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('solve_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('previous_state', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('job_id', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('solve_runs', schema=None) as batch_op:
        batch_op.drop_column('job_id')
        batch_op.drop_column('previous_state')
        batch_op.drop_column('heartbeat_at')
