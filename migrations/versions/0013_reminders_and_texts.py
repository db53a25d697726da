"""Reminders and text messages: each reminder sent once (``reminders_sent``, unique by person, event and
threshold); the outbox's channel (e-mail or text) and reader's language; a student's consent to texts.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reminders_sent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consortium_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=True),
        sa.Column('messages', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'],
                                name=op.f('fk_reminders_sent_consortium_id_consortia')),
        sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], ondelete='CASCADE',
                                name=op.f('fk_reminders_sent_student_id_student_profiles')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
        sa.UniqueConstraint('key', name=op.f('uq_reminders_sent_key')),
    )
    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_sent_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminders_sent_student_id'), ['student_id'], unique=False)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), server_default='email', nullable=False))
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_outbox_messages_channel_known'), "channel IN ('email', 'sms')")
        batch_op.create_check_constraint(batch_op.f('ck_outbox_messages_language_known'),
                                         "language IS NULL OR language IN ('en', 'es')")
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sms_opt_in', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('sms_consented_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sms_consented_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sms_consent_page', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('sms_stopped_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_student_profiles_sms_consented_by_id_users'), 'users',
                                    ['sms_consented_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_student_profiles_sms_opt_in_has_consent'),
                                         "sms_consented_at IS NOT NULL OR NOT sms_opt_in")


def downgrade():
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_student_profiles_sms_opt_in_has_consent'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_student_profiles_sms_consented_by_id_users'), type_='foreignkey')
        batch_op.drop_column('sms_stopped_at')
        batch_op.drop_column('sms_consent_page')
        batch_op.drop_column('sms_consented_by_id')
        batch_op.drop_column('sms_consented_at')
        batch_op.drop_column('sms_opt_in')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_outbox_messages_language_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_outbox_messages_channel_known'), type_='check')
        batch_op.drop_column('language')
        batch_op.drop_column('channel')
    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_sent_student_id'))
        batch_op.drop_index(batch_op.f('ix_reminders_sent_consortium_id'))
    op.drop_table('reminders_sent')
