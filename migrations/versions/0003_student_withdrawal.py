"""Withdrawn students: when and why a student left the school or the programme.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 21:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_reason', sa.Enum('left_school', 'left_programme', 'family_request', 'other', name='withdrawal_reason', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_note', sa.String(length=500), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_student_profiles_withdrawal_has_reason'), '(withdrawn_at IS NULL) = (withdrawal_reason IS NULL)')


def downgrade():
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_student_profiles_withdrawal_has_reason'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_student_profiles_withdrawal_reason'), type_='check')
        batch_op.drop_column('withdrawal_note')
        batch_op.drop_column('withdrawal_reason')
        batch_op.drop_column('withdrawn_at')
