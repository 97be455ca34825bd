"""the entry test: its draw kept with the attempt, a deadline, and extra time a référent grants

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 21:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attempt') as batch:
        batch.add_column(sa.Column('drawn', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('attempt_allowance') as batch:
        batch.add_column(sa.Column('extra_minutes', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_attempt_allowance_granted_by_id', 'attempt_allowance', ['granted_by_id'])


def downgrade() -> None:
    op.drop_index('ix_attempt_allowance_granted_by_id', table_name='attempt_allowance')
    with op.batch_alter_table('attempt_allowance') as batch:
        batch.drop_column('extra_minutes')
    with op.batch_alter_table('attempt') as batch:
        batch.drop_column('deadline_at')
        batch.drop_column('drawn')
