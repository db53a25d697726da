"""Bulk import jobs: the uploaded file, its column mapping, every problem found and the counts written.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:16:37.646238

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('file_format', sa.String(length=10), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('uploaded', 'queued', 'running', 'invalid', 'succeeded', 'failed', name='import_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('processed_rows', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=200), nullable=True),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('created_count', sa.Integer(), nullable=False),
    sa.Column('updated_count', sa.Integer(), nullable=False),
    sa.Column('unchanged_count', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('students', 'employers', 'slots')", name=op.f('ck_import_jobs_import_kind')),
    sa.CheckConstraint('processed_rows >= 0 AND total_rows >= 0', name=op.f('ck_import_jobs_row_counts_not_negative')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_import_jobs_consortium_id_consortia')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_import_jobs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs'))
    )
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_jobs_consortium_id'), ['consortium_id'], unique=False)



def downgrade():
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_jobs_consortium_id'))

    op.drop_table('import_jobs')
