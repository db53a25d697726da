"""Outbox delivery: the page a message is about, its sealed secret, and when to try it next; every employer
and slot made in the service itself gets its external id (``employer-<id>``, ``slot-<id>``) for the exports.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01 23:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_path', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('sealed', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_status_next_attempt_at'), ['status', 'next_attempt_at'],
                              unique=False)
    for table, prefix in (("employers", "employer-"), ("slots", "slot-")):
        op.execute(sa.text(f"UPDATE {table} SET external_id = '{prefix}' || CAST(id AS VARCHAR(20)) "
                           "WHERE external_id IS NULL"))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_status_next_attempt_at'))
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('sealed')
        batch_op.drop_column('link_path')
