"""the roster: courses read from the LMS's member list (NRPS), learners who never launched, left members,
estimated entry dates, each learner's référent, and who changed a learner's facts

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 00:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('context') as batch:
        batch.add_column(sa.Column('roster_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('roster_synced_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('roster_lease_owner', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('roster_lease_until', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('roster_error', sa.Text(), nullable=True))
    with op.batch_alter_table('membership') as batch:
        batch.add_column(sa.Column('entry_date_estimated', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.alter_column('first_launch_at', existing_type=sa.DateTime(timezone=True), nullable=True)
        batch.alter_column('last_launch_at', existing_type=sa.DateTime(timezone=True), nullable=True)
        batch.add_column(sa.Column('roster_seen_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('left_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('referent_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('referent_set_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('referent_set_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('facts_set_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('facts_set_at', sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(op.f('fk_membership_referent_id_membership'), 'membership', ['referent_id'], ['id'],
                                 ondelete='SET NULL')
        batch.create_foreign_key(op.f('fk_membership_referent_set_by_id_membership'), 'membership',
                                 ['referent_set_by_id'], ['id'], ondelete='SET NULL')
        batch.create_foreign_key(op.f('fk_membership_facts_set_by_id_membership'), 'membership', ['facts_set_by_id'],
                                 ['id'], ondelete='SET NULL')
        batch.create_index('ix_membership_context_referent', ['context_id', 'referent_id'], unique=False)


def downgrade() -> None:
    _fill_launch_times()
    with op.batch_alter_table('membership') as batch:
        batch.alter_column('first_launch_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.alter_column('last_launch_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.drop_index('ix_membership_context_referent')
        for name in ('facts_set_by_id', 'referent_set_by_id', 'referent_id'):
            batch.drop_constraint(op.f(f'fk_membership_{name}_membership'), type_='foreignkey')
        for name in ('facts_set_at', 'facts_set_by_id', 'referent_set_at', 'referent_set_by_id', 'referent_id',
                     'left_at', 'roster_seen_at', 'entry_date_estimated'):
            batch.drop_column(name)
    with op.batch_alter_table('context') as batch:
        for name in ('roster_error', 'roster_lease_until', 'roster_lease_owner', 'roster_synced_at',
                     'roster_requested_at'):
            batch.drop_column(name)


def _fill_launch_times() -> None:
    """Before 0012 a membership began with a launch. A member the roster brought in who never launched keeps
    their row (their référent's notes and facts point at it) with, as launch times, the moment the roster
    last listed them, else midnight (UTC) of their entry date: what the tool knew of when they joined."""
    postgres = op.get_bind().dialect.name == 'postgresql'
    day = "CAST(entry_date AS TIMESTAMP) AT TIME ZONE 'UTC'" if postgres else "entry_date || ' 00:00:00.000000'"
    op.execute(f'UPDATE membership SET first_launch_at = COALESCE(roster_seen_at, {day}) WHERE first_launch_at IS NULL')
    op.execute('UPDATE membership SET last_launch_at = first_launch_at WHERE last_launch_at IS NULL')
