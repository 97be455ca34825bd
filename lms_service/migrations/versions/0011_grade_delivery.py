"""grade delivery: the outbox's version, status, lease and retries; what each LMS column answered; the
columns the tool claims before creating them; the SQLite worker's lease

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 23:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('grade_outbox') as batch:
        batch.drop_index('ix_grade_outbox_pending')
        batch.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch.add_column(sa.Column('status', sa.String(length=16), server_default='pending', nullable=False))
        batch.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('lease_owner', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('last_tried_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('last_error_kind', sa.String(length=32), nullable=True))
    op.execute("UPDATE grade_outbox SET status = 'sent' WHERE sent_at IS NOT NULL")
    with op.batch_alter_table('grade_outbox') as batch:
        batch.create_index('ix_grade_outbox_due', ['next_attempt_at'], unique=False,
                           postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
        batch.create_index('ix_grade_outbox_status', ['status'], unique=False)
    op.create_table('grade_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('lineitem_url', sa.String(length=1000), nullable=False),
    sa.Column('sent_version', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['grade_outbox.id'], name=op.f('fk_grade_delivery_outbox_id_grade_outbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_delivery')),
    sa.UniqueConstraint('outbox_id', 'lineitem_url', name=op.f('uq_grade_delivery_outbox_id_lineitem_url'))
    )
    op.create_table('grade_column',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.String(length=100), nullable=False),
    sa.Column('lineitem_url', sa.String(length=1000), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['context_id'], ['context.id'], name=op.f('fk_grade_column_context_id_context'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_column')),
    sa.UniqueConstraint('context_id', 'resource_id', name=op.f('uq_grade_column_context_id_resource_id'))
    )
    op.create_table('grade_worker_lease',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=True),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_grade_worker_lease'))
    )


def downgrade() -> None:
    op.drop_table('grade_worker_lease')
    op.drop_table('grade_column')
    op.drop_table('grade_delivery')
    with op.batch_alter_table('grade_outbox') as batch:
        batch.drop_index('ix_grade_outbox_status')
        batch.drop_index('ix_grade_outbox_due')
        for column in ('last_error_kind', 'last_tried_at', 'lease_until', 'lease_owner', 'next_attempt_at',
                       'status', 'version'):
            batch.drop_column(column)
        batch.create_index('ix_grade_outbox_pending', ['updated_at'], unique=False,
                           postgresql_where=sa.text('sent_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL'))
