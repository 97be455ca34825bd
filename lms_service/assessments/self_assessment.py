"""A learner's self-assessment: their answers to the questions without points, for their référent.

The answers to questions without points (Likert scales, free comments, choices
marked `graded: false`) in every module but a survey: a survey's answers are
anonymous (`answers_are_private`) and are never read here, not even from the
database. Among them, the « appeal » of each job family is the Likert scale of
an initiation module (« Les métiers du développement web vous attirent-ils ? »).
The learner page and the orientation conversation both read them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..content import Module, Question
from ..models import Answer, Attempt
from .survey_totals import answers_are_private

INITIATION = "initiation"  # the modules on one family of digital jobs: each asks whether its jobs appeal


@dataclass(frozen=True)
class Answered:
    """One question without points and the learner's answer, as safe HTML."""

    question: Question
    answer: Markup
    value: Any  # as stored: a level of a scale, a choice's id, a comment


@dataclass(frozen=True)
class SelfAssessment:
    """A module's self-assessment answers, from the learner's last submitted attempt at it."""

    module: Module
    number: int
    submitted_at: datetime
    answers: list[Answered]


def unscored_questions(modules: Sequence[Module]) -> dict[str, dict[str, Question]]:
    """Per module whose answers may be shown person by person, its questions without points."""
    found = {}
    for module in modules:
        questions = {q.id: q for q in module.questions.values() if not q.points_possible}
        if questions and not answers_are_private(module):
            found[module.slug] = questions
    return found


def self_assessments(db: Session, membership_id: int, modules: Sequence[Module]) -> list[SelfAssessment]:
    """Each module's answers without points, from its last submitted attempt, in path order (one query).

    Only the questions without points are read: a graded answer, and whether it was right, stays on the
    attempt's own page. A survey's answers are never asked for.
    """
    questions = unscored_questions(modules)
    if not questions:
        return []
    last = (
        select(Attempt.module_slug, func.max(Attempt.number).label("number"))
        .where(Attempt.membership_id == membership_id, Attempt.submitted_at.is_not(None),
               Attempt.module_slug.in_(list(questions)))
        .group_by(Attempt.module_slug)
        .subquery()
    )  # fmt: skip
    ids = sorted({question_id for per_module in questions.values() for question_id in per_module})
    rows = db.execute(
        select(Attempt, Answer.question_id, Answer.value)
        .join(last, and_(last.c.module_slug == Attempt.module_slug, last.c.number == Attempt.number))
        .join(Answer, Answer.attempt_id == Attempt.id)
        .where(Attempt.membership_id == membership_id, Answer.question_id.in_(ids))
    ).all()
    attempts: dict[str, Attempt] = {}
    values: dict[str, dict[str, Any]] = {}
    for attempt, question_id, value in rows:
        if question_id in questions[attempt.module_slug] and value not in (None, "", []):
            attempts[attempt.module_slug] = attempt
            values.setdefault(attempt.module_slug, {})[question_id] = value
    found = []
    for module in modules:
        attempt = attempts.get(module.slug)
        if attempt is None or attempt.submitted_at is None:
            continue
        answered = [Answered(q, answer_html(q, values[module.slug][q.id]), values[module.slug][q.id])
                    for q in questions[module.slug].values() if q.id in values[module.slug]]  # fmt: skip
        found.append(SelfAssessment(module, attempt.number, attempt.submitted_at, answered))
    return found


def answer_html(question: Question, value: Any) -> Markup:
    """The answer as the learner gave it: a level or a choice as labelled, a comment with its line breaks."""
    if question.type_name == "free" and isinstance(value, str):
        return Markup("<br>").join(escape(line) for line in value.split("\n"))
    return question.response_html(value)


def appeal_question(module: Module) -> Question | None:
    """The scale of an initiation module without points: how much its family of jobs appeals."""
    if module.kind != INITIATION or answers_are_private(module):
        return None
    return next((q for q in module.questions.values() if q.type_name == "likert" and not q.points_possible), None)
