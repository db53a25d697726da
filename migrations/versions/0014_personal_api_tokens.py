"""Personal API tokens: an employer's or a student's own token acts as that user (``api_tokens.user_id``).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 02:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

OWNER_RULE = ("(role IN ('admin', 'intermediary') AND user_id IS NULL) OR "
              "(role IN ('employer', 'student') AND user_id IS NOT NULL)")


def upgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_api_tokens_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('ck_api_tokens_api_token_staff_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_api_tokens_api_token_role_and_owner'), OWNER_RULE)


def downgrade():
    op.execute("DELETE FROM api_tokens WHERE user_id IS NOT NULL")
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_api_tokens_api_token_role_and_owner'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_api_tokens_api_token_staff_role'),
                                         "role IN ('admin', 'intermediary')")
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))
        batch_op.drop_constraint(batch_op.f('fk_api_tokens_user_id_users'), type_='foreignkey')
        batch_op.drop_column('user_id')
