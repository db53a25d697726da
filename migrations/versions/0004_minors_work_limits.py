"""Work-hour limits for minors and pathway rules: the consortium's limits table, round and slot fields.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'work_limit_tables',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consortium_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('bands', sa.JSON(), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('version >= 1', name=op.f('ck_work_limit_tables_version_positive')),
        sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'],
                                name=op.f('fk_work_limit_tables_consortium_id_consortia')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_work_limit_tables_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_limit_tables')),
        sa.UniqueConstraint('consortium_id', 'version', name='uq_work_limit_tables_consortium_version'),
    )
    with op.batch_alter_table('work_limit_tables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_limit_tables_consortium_id'), ['consortium_id'], unique=False)
    with op.batch_alter_table('match_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('apply_work_limits', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('term_kind', sa.String(length=10), server_default='auto', nullable=False))
        batch_op.add_column(sa.Column('max_week_hours', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('pathway_rule', sa.String(length=10), server_default='off', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_match_rounds_term_kind_choice'),
                                         "term_kind IN ('auto', 'school', 'vacation')")
        batch_op.create_check_constraint(batch_op.f('ck_match_rounds_pathway_rule_choice'),
                                         "pathway_rule IN ('off', 'preferred', 'required')")
        batch_op.create_check_constraint(batch_op.f('ck_match_rounds_max_week_hours_range'),
                                         'max_week_hours IS NULL OR (max_week_hours > 0 AND max_week_hours <= 168)')
    with op.batch_alter_table('slots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extra_pathway_codes', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('slots', schema=None) as batch_op:
        batch_op.drop_column('extra_pathway_codes')
    with op.batch_alter_table('match_rounds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_match_rounds_max_week_hours_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_match_rounds_pathway_rule_choice'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_match_rounds_term_kind_choice'), type_='check')
        batch_op.drop_column('pathway_rule')
        batch_op.drop_column('max_week_hours')
        batch_op.drop_column('term_kind')
        batch_op.drop_column('apply_work_limits')
    with op.batch_alter_table('work_limit_tables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_limit_tables_consortium_id'))
    op.drop_table('work_limit_tables')
