"""Languages: the language each person reads (users, students) and the student's guardian's; the student's
and the guardian's telephone numbers, for reaching a family without e-mail.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 23:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_users_language_known'),
                                         "language IS NULL OR language IN ('en', 'es')")
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('guardian_language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('guardian_phone', sa.String(length=40), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_student_profiles_language_known'),
                                         "language IS NULL OR language IN ('en', 'es')")
        batch_op.create_check_constraint(batch_op.f('ck_student_profiles_guardian_language_known'),
                                         "guardian_language IS NULL OR guardian_language IN ('en', 'es')")


def downgrade():
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_student_profiles_guardian_language_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_student_profiles_language_known'), type_='check')
        batch_op.drop_column('guardian_phone')
        batch_op.drop_column('phone')
        batch_op.drop_column('guardian_language')
        batch_op.drop_column('language')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_language_known'), type_='check')
        batch_op.drop_column('language')
