"""The student's parent's or guardian's e-mail address, for the reminders before a ranking deadline and an
offer's expiry (``student_profiles.guardian_email``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 03:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guardian_email', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.drop_column('guardian_email')
