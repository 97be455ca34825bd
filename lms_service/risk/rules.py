"""Each LMS's alert rules: the defaults of the programme until its administrator changes them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import Module, get_catalogue
from ..models import Context, RiskRules
from ..models.followup import FAILED_ATTEMPTS, INACTIVE_DAYS, NOT_STARTED_DAYS, REVIEW_WEEKS, SILENT_DAYS

ENTRY_TEST_PERCENT = 50  # when the entry test sets no pass score of its own
LIMITS = {"inactive_days": (1, 60), "not_started_days": (1, 60), "entry_test_percent": (1, 100),
          "failed_attempts": (1, 10), "review_weeks": (1, 52), "silent_days": (7, 365)}  # fmt: skip


@dataclass(frozen=True)
class Rules:
    inactive_days: int = INACTIVE_DAYS
    not_started_days: int = NOT_STARTED_DAYS
    entry_test_percent: int = ENTRY_TEST_PERCENT
    failed_attempts: int = FAILED_ATTEMPTS
    review_weeks: int = REVIEW_WEEKS
    silent_days: int = SILENT_DAYS


def entry_test() -> Module | None:
    """The programme's entry test, if the catalogue has one."""
    return next((module for module in get_catalogue().ordered() if module.kind == "entry-test"), None)


def default_entry_percent() -> int:
    """The entry test's own pass score, else half its points."""
    test = entry_test()
    return test.pass_score if test is not None and test.pass_score is not None else ENTRY_TEST_PERCENT


def course_rules(db: Session, context_id: int) -> Rules:
    """The rules of the course's LMS."""
    lms_id = db.scalar(select(Context.lms_id).where(Context.id == context_id))
    return rules_for(db, lms_id) if lms_id is not None else Rules(entry_test_percent=default_entry_percent())


def rules_for(db: Session, lms_id: int) -> Rules:
    """The LMS's rules (one primary-key read), the defaults where it set nothing."""
    row = db.get(RiskRules, lms_id)
    if row is None:
        return Rules(entry_test_percent=default_entry_percent())
    percent = row.entry_test_percent if row.entry_test_percent is not None else default_entry_percent()
    return Rules(row.inactive_days, row.not_started_days, percent, row.failed_attempts, row.review_weeks,
                 row.silent_days)
