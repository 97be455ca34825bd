"""the référents' dashboard: a sort-and-search key per membership, stored alert reasons and nursery completion,
each module's counted score and failed attempts, each LMS's alert rules, each course's figures; one index per
order of the list, and one for the course's tutors

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 02:30:00
"""
from alembic import op
import sqlalchemy as sa

from lms_service.name_keys import name_key


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

SORT_INDEXES = {
    'ix_membership_context_activity': 'last_activity_at',
    'ix_membership_context_name': 'name_key',
    'ix_membership_context_entry': 'entry_date',
    'ix_membership_context_risk': 'risk_reasons',
}


def upgrade() -> None:
    with op.batch_alter_table('membership') as batch:
        batch.add_column(sa.Column('name_key', sa.String(length=255), server_default='', nullable=False))
        batch.add_column(sa.Column('risk_reasons', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('nursery_done_at', sa.DateTime(timezone=True), nullable=True))
        batch.drop_index('ix_membership_context_learner')
        for name, column in SORT_INDEXES.items():
            batch.create_index(name, ['context_id', 'is_learner', column, 'id'], unique=False)
        batch.create_index('ix_membership_context_tutor', ['context_id', 'is_tutor'], unique=False)
    with op.batch_alter_table('module_progress') as batch:
        batch.add_column(sa.Column('score_percent', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('passed', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('failed_attempts', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'risk_rules',
        sa.Column('lms_id', sa.Integer(), nullable=False),
        sa.Column('inactive_days', sa.Integer(), nullable=False),
        sa.Column('not_started_days', sa.Integer(), nullable=False),
        sa.Column('entry_test_percent', sa.Integer(), nullable=True),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['lms_id'], ['lti_lms.id'], name=op.f('fk_risk_rules_lms_id_lti_lms'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['membership.id'],
                                name=op.f('fk_risk_rules_updated_by_id_membership'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('lms_id', name=op.f('pk_risk_rules')),
    )
    op.create_table(
        'course_figures',
        sa.Column('context_id', sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False)
          for name in ('learners', 'active', 'never_connected', 'nursery_done', 'at_risk')),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['context_id'], ['context.id'], name=op.f('fk_course_figures_context_id_context'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('context_id', name=op.f('pk_course_figures')),
    )
    _fill_name_keys()
    _fill_scores()


def _fill_name_keys() -> None:
    """Each membership's key from its person's name, folded in Python as the service folds it."""
    conn = op.get_bind()
    people = conn.execute(sa.text('SELECT id, given_name, family_name, name, email FROM app_user')).all()
    keys = [{'u': row.id, 'k': name_key(row.given_name, row.family_name, row.name, row.email)} for row in people]
    if keys:
        conn.execute(sa.text('UPDATE membership SET name_key = :k WHERE user_id = :u'), keys)


def _fill_scores() -> None:
    """From the submitted attempts: the best score (the usual counted attempt), a pass, the failures."""
    # Rounded down as the service counts it (79.6 % is not 80 %): PostgreSQL's CAST rounds, SQLite's truncates.
    floor = 'FLOOR' if op.get_bind().dialect.name == 'postgresql' else ''
    submitted = ('FROM attempt a WHERE a.membership_id = module_progress.membership_id '
                 'AND a.module_slug = module_progress.module_slug AND a.submitted_at IS NOT NULL')
    op.execute(
        'UPDATE module_progress SET '
        f'score_percent = (SELECT CAST({floor}(MAX(100.0 * a.score_given / a.score_maximum)) AS INTEGER) {submitted} '
        'AND a.score_maximum > 0), '
        f'passed = (SELECT MAX(CASE WHEN a.passed THEN 1 ELSE 0 END) = 1 {submitted}), '
        f'failed_attempts = (SELECT COUNT(*) {submitted} AND a.passed = false)'
    )


def downgrade() -> None:
    op.drop_table('course_figures')
    op.drop_table('risk_rules')
    with op.batch_alter_table('module_progress') as batch:
        for name in ('failed_attempts', 'passed', 'score_percent'):
            batch.drop_column(name)
    with op.batch_alter_table('membership') as batch:
        for name in (*SORT_INDEXES, 'ix_membership_context_tutor'):
            batch.drop_index(name)
        batch.create_index('ix_membership_context_learner', ['context_id', 'is_learner', 'last_activity_at'],
                           unique=False)
        for name in ('nursery_done_at', 'risk_reasons', 'name_key'):
            batch.drop_column(name)
