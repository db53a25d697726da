"""Imports read once in the background (parsed rows, preview, heartbeat) and failed sign-ins counted in the
database for every web worker.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rows', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('preview', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('read_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
    # Imports uploaded before this revision were read at upload: they count as read.
    op.execute("UPDATE import_jobs SET read_at = created_at")
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.alter_column('preview', server_default=None)

    op.create_table('sign_in_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_failures'))
    )
    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.create_index('ix_sign_in_failures_account', ['account_key', 'failed_at'], unique=False)
        batch_op.create_index('ix_sign_in_failures_address', ['address', 'failed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_sign_in_failures_address')
        batch_op.drop_index('ix_sign_in_failures_account')
    op.drop_table('sign_in_failures')
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('read_at')
        batch_op.drop_column('preview')
        batch_op.drop_column('rows')
