"""completion means it: a module with answers due is completed only once they are done

Until now, paging through a module completed it, quiz or not. A module with a
quiz to pass is now completed when its pages are seen and its quiz passed; the
entry test and the survey when submitted. `answered_at` says when the answers
were done with. Progress recorded by paging through is corrected here: a module
whose answers are not done goes back to read (every page seen) or in progress.

Which modules ask for answers is a fact of the content, not of the database; a
migration is a snapshot of its day, so it names the modules that did on
2026-11-29 (every module of modules/ then: each has graded questions, or is the
entry test or the survey). A module added later follows the new rule from its
first page view.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 21:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

SUBMITTED_COMPLETES = ('test-de-positionnement', 'questionnaire-satisfaction')
QUIZ_TO_PASS = (
    'developpement-web', 'developpement-applications-mobiles', 'design-numerique', 'cybersecurite',
    'reseaux-systemes-cloud', 'support-informatique', 'relation-client-digitale', 'data-intelligence-artificielle',
    'marketing-digital', 'confiance-en-soi', 'posture-professionnelle', 'communication-travail-equipe',
    'projet-professionnel', 'recherche-emploi',
)

progress = sa.table(
    'module_progress',
    *(sa.column(name) for name in (
        'id', 'membership_id', 'module_slug', 'status', 'pages_seen', 'pages_total', 'answered_at',
        'completed_at', 'completed_version',
    )),
)
attempt = sa.table(
    'attempt', *(sa.column(name) for name in ('membership_id', 'module_slug', 'submitted_at', 'passed')),
)


def upgrade() -> None:
    with op.batch_alter_table('module_progress') as batch:
        batch.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
    _record_answers_done()
    _uncomplete_unanswered()


def _answers_done():
    """When each person's answers to a module were done: their first passed quiz, or first submitted test or survey."""
    done = sa.or_(attempt.c.passed.is_(True), attempt.c.module_slug.in_(SUBMITTED_COMPLETES))
    return (
        sa.select(sa.func.min(attempt.c.submitted_at))
        .where(
            attempt.c.membership_id == progress.c.membership_id,
            attempt.c.module_slug == progress.c.module_slug,
            attempt.c.submitted_at.is_not(None),
            done,
        )
        .scalar_subquery()
    )


def _record_answers_done() -> None:
    op.execute(sa.update(progress).values(answered_at=_answers_done()))


def _uncomplete_unanswered() -> None:
    unanswered = sa.and_(
        progress.c.status == 'completed',
        progress.c.answered_at.is_(None),
        progress.c.module_slug.in_(SUBMITTED_COMPLETES + QUIZ_TO_PASS),
    )
    all_seen = progress.c.pages_seen >= progress.c.pages_total
    op.execute(
        sa.update(progress)
        .where(unanswered)
        .values(
            status=sa.case((all_seen, 'read'), else_='in_progress'),
            completed_at=None,
            completed_version=None,
        )
    )


def downgrade() -> None:
    with op.batch_alter_table('module_progress') as batch:
        batch.drop_column('answered_at')
