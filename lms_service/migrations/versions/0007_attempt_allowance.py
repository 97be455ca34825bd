"""what a référent grants a learner beyond a module's rules (more attempts)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 18:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attempt_allowance',
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('module_slug', sa.String(length=100), nullable=False),
    sa.Column('extra_attempts', sa.Integer(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['membership.id'], name=op.f('fk_attempt_allowance_granted_by_id_membership'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_attempt_allowance_membership_id_membership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('membership_id', 'module_slug', name=op.f('pk_attempt_allowance'))
    )


def downgrade() -> None:
    op.drop_table('attempt_allowance')
