"""What a submitted attempt changes beyond itself: the module's completion, and the result for the gradebook."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..completion import answers_done
from ..content import Module, get_catalogue
from ..grades.outbox import record_path_share, record_result
from ..models import Attempt
from ..risk.rules import course_rules
from ..risk.scores import record_scores
from ..sessions import Member
from .attempts import kept


def after_submission(
    db: Session, member: Member, module: Module, attempt: Attempt, attempts: list[Attempt], *, finished: bool,
    now: datetime,
) -> None:  # fmt: skip
    """A passed quiz, or a submitted test or survey, is the module's answers done; the attempt that counts
    (best or last) waits for the LMS, `finished` when no other may follow. A quiz without points (a
    self-assessment) is no grade, nor is a référent trying a quiz. The whole path's share passed follows, and the
    learner's score and alerts on the référents' dashboard."""
    if attempt.passed or module.submitted_completes:
        answers_done(db, member.id, module, now)
    counted = kept(module, attempts)
    if member.is_learner and not member.is_staff:
        record_scores(db, member.id, module, counted, attempts, course_rules(db, member.context_id), now)
    if counted is not None and counted.score_maximum and member.is_learner and not member.is_staff:
        record_result(db, counted, finished=finished, now=now)
        record_path_share(db, member.id, member.context_id, get_catalogue().scored_in_path(), now)
