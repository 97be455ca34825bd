"""the grade outbox: counted results waiting for the LMS gradebook

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 18:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grade_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('module_slug', sa.String(length=100), nullable=False),
    sa.Column('score_given', sa.Float(), nullable=False),
    sa.Column('score_maximum', sa.Float(), nullable=False),
    sa.Column('activity_progress', sa.String(length=20), nullable=False),
    sa.Column('grading_progress', sa.String(length=20), nullable=False),
    sa.Column('timestamp', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_grade_outbox_membership_id_membership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_outbox')),
    sa.UniqueConstraint('membership_id', 'module_slug', name=op.f('uq_grade_outbox_membership_id_module_slug'))
    )
    with op.batch_alter_table('grade_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_grade_outbox_pending', ['updated_at'], unique=False,
                              postgresql_where=sa.text('sent_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL'))


def downgrade() -> None:
    with op.batch_alter_table('grade_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_grade_outbox_pending')
    op.drop_table('grade_outbox')
