"""A learner's attempts at a module's questions: open one, save answers as given, submit and score.

Scoring happens here only, on the server, from the answers saved. The rules come
from the module's front matter: `pass_score` (per cent of the points),
`max_attempts` (0: no limit; a référent may grant more, AttemptAllowance) and
`kept_attempt` (the best or the last attempt counts). The expected answers are revealed after a pass or the last attempt
only, so that a new attempt is never passed from memory.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..content import Module, Question
from ..content.questions import BadResponse, FormValues
from ..db import as_utc
from ..models import Answer, Attempt, AttemptAllowance, Membership
from ..risk.reasons import CLEARED_BY_AN_ANSWER


class NoAttemptLeft(Exception):
    """Every attempt the module allows has been used."""


class UnknownQuestion(Exception):
    """The form answers a question the attempt did not ask (a forged or stale form)."""


class SubmittedForm(FormValues, Protocol):
    def keys(self) -> Iterable[str]: ...


@dataclass(frozen=True)
class Reading:
    """What a submitted form says for each question: the answers read, and what to fix."""

    answers: dict[str, Any]
    problems: dict[str, str]


def questions_of(module: Module, attempt: Attempt | None = None) -> list[Question]:
    """The questions an attempt asks, in order: those it stored, else every question of the module."""
    ids = attempt.question_ids if attempt is not None else list(module.questions)
    return [module.questions[qid] for qid in ids if qid in module.questions]


def attempts_of(db: Session, membership_id: int, slug: str) -> list[Attempt]:
    """This person's attempts at this module, first first."""
    query = select(Attempt).where(Attempt.membership_id == membership_id, Attempt.module_slug == slug)
    return list(db.scalars(query.order_by(Attempt.number)))


def allowed_attempts(db: Session, membership_id: int, module: Module) -> int:
    """Attempts this person may submit at this module: its max_attempts and what a référent granted (0: no limit)."""
    return with_extra(module, extra_attempts(db, membership_id, module.slug))


def with_extra(module: Module, extra: int) -> int:
    return module.max_attempts + extra if module.max_attempts else 0


def extra_attempts(db: Session, membership_id: int, slug: str) -> int:
    """Attempts a référent granted beyond the module's rule."""
    found = db.get(AttemptAllowance, (membership_id, slug))
    return found.extra_attempts if found is not None else 0


def extra_minutes(db: Session, membership_id: int, slug: str) -> int:
    """Minutes a référent added to a timed test's limit for this learner."""
    found = db.get(AttemptAllowance, (membership_id, slug))
    return found.extra_minutes if found is not None else 0


def grant_attempt(db: Session, membership_id: int, slug: str, granted_by: int, now: datetime) -> None:
    """One more attempt for this learner at this module, on a référent's word."""
    found = _allowance(db, membership_id, slug)
    found.extra_attempts += 1
    found.granted_by_id, found.granted_at = granted_by, now
    db.flush()


def grant_time(db: Session, membership_id: int, slug: str, minutes: int, granted_by: int, now: datetime) -> None:
    """This learner's timed test lasts `minutes` more, from now on (the attempt in progress included)."""
    found = _allowance(db, membership_id, slug)
    added = minutes - found.extra_minutes
    found.extra_minutes = minutes
    found.granted_by_id, found.granted_at = granted_by, now
    running = db.scalars(
        select(Attempt).where(
            Attempt.membership_id == membership_id, Attempt.module_slug == slug, Attempt.submitted_at.is_(None)
        )
    ).first()
    if running is not None and running.deadline_at is not None and as_utc(running.deadline_at) > now:
        running.deadline_at = as_utc(running.deadline_at) + timedelta(minutes=added)
    db.flush()


def _allowance(db: Session, membership_id: int, slug: str) -> AttemptAllowance:
    found = db.get(AttemptAllowance, (membership_id, slug))
    if found is None:
        found = AttemptAllowance(membership_id=membership_id, module_slug=slug, extra_attempts=0, extra_minutes=0)
        db.add(found)
    return found


def in_progress(attempts: Iterable[Attempt]) -> Attempt | None:
    """The attempt not yet submitted among a person's attempts at a module (there is one at most)."""
    return next((a for a in attempts if a.submitted_at is None), None)


@dataclass(frozen=True)
class Plan:
    """What a new attempt asks and until when: a quiz asks every question, untimed; the entry test its draw."""

    question_ids: list[str]
    drawn: list[Any] | None = None
    deadline_at: datetime | None = None


def open_attempt(
    db: Session, membership_id: int, module: Module, now: datetime, allowed: int, attempts: list[Attempt],
    plan: Plan | None = None,
) -> Attempt:  # fmt: skip
    """The attempt in progress among `attempts` (this person's, attempts_of), or a new one following `plan`,
    added to them, while the module allows more; NoAttemptLeft otherwise."""
    found = in_progress(attempts)
    if found is not None:
        return found
    if allowed and len(attempts) >= allowed:
        raise NoAttemptLeft
    plan = plan or Plan(list(module.questions))
    attempt = Attempt(
        membership_id=membership_id,
        module_slug=module.slug,
        module_version=module.version,
        number=len(attempts) + 1,
        question_ids=plan.question_ids,
        drawn=plan.drawn,
        deadline_at=plan.deadline_at,
        started_at=now,
        revision=0,
    )
    db.add(attempt)
    db.flush()
    attempts.append(attempt)
    return attempt


def read_form(questions: Sequence[Question], form: SubmittedForm) -> Reading:
    """Each question reads its own fields; what one cannot take is kept as a problem, in the learner's words."""
    known = frozenset().union(*(question.field_names() for question in questions))
    if any(name.startswith("q-") and name not in known for name in form.keys()):
        raise UnknownQuestion
    answers: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for question in questions:
        try:
            answers[question.id] = question.read_response(form)
        except BadResponse as refusal:
            problems[question.id] = str(refusal)
    return Reading(answers, problems)


def saved_answers(db: Session, attempt: Attempt) -> dict[str, Any]:
    return {row.question_id: row.value for row in db.scalars(select(Answer).where(Answer.attempt_id == attempt.id))}


def save_answers(db: Session, attempt: Attempt, answers: Mapping[str, Any], now: datetime) -> None:
    """Keep each answer given; a question left blank loses its earlier answer."""
    rows = {row.question_id: row for row in db.scalars(select(Answer).where(Answer.attempt_id == attempt.id))}
    for qid, value in answers.items():
        row = rows.get(qid)
        if value is None:
            if row is not None:
                db.delete(row)
        elif row is not None:
            row.value, row.saved_at = value, now
        else:
            db.add(Answer(attempt_id=attempt.id, question_id=qid, value=value, saved_at=now))
    attempt.revision += 1
    _active(db, attempt.membership_id, now)
    db.flush()


def _active(db: Session, membership_id: int, now: datetime) -> None:
    """An answer is activity: the inactivity and « no news » alerts end, and the programme's retention counts
    it (the request already holds the membership: records_activity)."""
    db.execute(update(Membership).where(Membership.id == membership_id)
               .values(last_activity_at=now, risk_reasons=Membership.risk_reasons.op("&")(~CLEARED_BY_AN_ANSWER)))  # fmt: skip


def submit(db: Session, attempt: Attempt, module: Module, answers: Mapping[str, Any], now: datetime) -> Attempt:
    """Score the attempt from its answers, as just saved, and close it at `now` (a late test: its deadline);
    passed when it reaches the pass score."""
    given = maximum = 0.0
    for question in questions_of(module, attempt):
        earned, possible = question.score(answers.get(question.id))
        given, maximum = given + earned, maximum + possible
    attempt.score_given, attempt.score_maximum, attempt.submitted_at = round(given, 4), maximum, now
    attempt.passed = passes(module, given, maximum)
    db.flush()
    return attempt


def passes(module: Module, given: float, maximum: float) -> bool:
    """Reaching `pass_score` per cent of the points (every point when the module sets none); without points,
    submitting is enough. A pass shows the answers: a blank attempt must never pass a graded quiz."""
    if not maximum:
        return True
    pass_score = 100 if module.pass_score is None else module.pass_score
    return 100 * given >= pass_score * maximum


def reveals(attempts: Sequence[Attempt], allowed: int) -> bool:
    """The expected answers may be shown: an attempt passed, or none is left."""
    submitted = [a for a in attempts if a.submitted_at is not None]
    if any(a.passed for a in submitted):
        return True
    return bool(allowed) and len(submitted) >= allowed


def attempts_left(attempts: Sequence[Attempt], allowed: int) -> int | None:
    """How many new attempts the learner may still start (None: no limit)."""
    if not allowed:
        return None
    return max(allowed - len(attempts), 0)


def kept(module: Module, attempts: Sequence[Attempt]) -> Attempt | None:
    """The attempt that counts: the best or the last submitted, as the module says."""
    submitted = [a for a in attempts if a.submitted_at is not None]
    if not submitted:
        return None
    if module.kept_attempt == "last":
        return submitted[-1]
    return max(submitted, key=lambda a: ((a.score_given or 0) / (a.score_maximum or 1), a.number))
