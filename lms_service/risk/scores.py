"""A submitted attempt's mark on the learner's row and alerts: counted score, pass, failures.

Written in the submission's transaction, so the référents' grid and the « quiz
failed twice » or « entry test low » alert are right the moment the learner
sees their result; the course's figures follow with the worker's next look.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, case, exists, false, or_, select, update
from sqlalchemy.orm import Session

from ..content import Module
from ..models import NOT_STARTED, Attempt, Membership, ModuleProgress
from .reasons import ENTRY_TEST_LOW, QUIZ_FAILED
from .rules import Rules, entry_test


def record_scores(db: Session, membership_id: int, module: Module, counted: Attempt | None,
                  attempts: Sequence[Attempt], rules: Rules, now: datetime) -> None:  # fmt: skip
    """Store the module's counted score and failures, then the learner's score alerts."""
    submitted = [a for a in attempts if a.submitted_at is not None]
    row = _progress_row(db, membership_id, module)
    row.score_percent = percent(counted) if counted is not None else None
    row.passed = any(a.passed for a in submitted)
    row.failed_attempts = sum(1 for a in submitted if not a.passed)
    row.updated_at = now
    db.flush()
    db.execute(
        update(Membership)
        .where(Membership.id == membership_id)
        .values(risk_reasons=Membership.risk_reasons.op("&")(~(ENTRY_TEST_LOW | QUIZ_FAILED)) + score_bits(rules))
    )


def percent(attempt: Attempt) -> int | None:
    """The attempt's score in whole per cent, rounded down (79.6 % is not the 80 % a pass may need)."""
    if not attempt.score_maximum:
        return None
    return int(100 * (attempt.score_given or 0) // attempt.score_maximum)


def score_bits(rules: Rules) -> ColumnElement[int]:
    """The score alerts of `Membership`'s row, as an SQL expression (for one row or a whole course)."""
    test = entry_test()
    low = _progress_of(ModuleProgress.module_slug == (test.slug if test else ""),
                       ModuleProgress.score_percent < rules.entry_test_percent)  # fmt: skip
    failed = _progress_of(ModuleProgress.failed_attempts >= rules.failed_attempts,
                          or_(ModuleProgress.passed.is_(None), ModuleProgress.passed == false()))  # fmt: skip
    return case((exists(low), ENTRY_TEST_LOW), else_=0) + case((exists(failed), QUIZ_FAILED), else_=0)


def _progress_of(*conditions: ColumnElement[bool]) -> Select[int]:
    """The learner's progress rows that match, looked up by the learner's index for each row (see `probe`)."""
    return probe(select(ModuleProgress.id).where(ModuleProgress.membership_id == Membership.id, *conditions))


def probe(query: Select[int]) -> Select[int]:
    """An EXISTS that PostgreSQL looks up row by row on the index. Without OFFSET, it may turn it into a hash
    of the whole module_progress table for each statement: 0.4 s a statement at 50,000 learners, whatever few
    rows the statement updates (OFFSET 0 keeps the subquery as it is written)."""
    return query.offset(0)


def _progress_row(db: Session, membership_id: int, module: Module) -> ModuleProgress:
    row = db.scalars(select(ModuleProgress).where(ModuleProgress.membership_id == membership_id,
                                                  ModuleProgress.module_slug == module.slug)).first()  # fmt: skip
    if row is None:
        row = ModuleProgress(membership_id=membership_id, module_slug=module.slug, status=NOT_STARTED,
                             pages_seen=0, pages_total=len(module.pages), seconds_spent=0)  # fmt: skip
        db.add(row)
    return row
