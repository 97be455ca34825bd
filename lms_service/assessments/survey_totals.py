"""The satisfaction survey, read by a course's référents: totals per statement, never one learner's answers.

A survey's answers are recorded like any attempt's, but no page shows them per
learner: the tutor's course page shows, for each statement with options, how
many chose each one, counting each person's last submitted answers, and only
from MIN_ANSWERS people up, so that nobody's answer can be told from the totals
of a small group. Free comments are not shown: they could say who wrote them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..content import Module, Question
from ..models import Answer, Attempt, Membership

MIN_ANSWERS = 5
SURVEY = "survey"


@dataclass(frozen=True)
class StatementTotals:
    """One statement of the survey, with how many chose each option (options in their order)."""

    question: Question
    counts: list[tuple[Markup, int]]


@dataclass(frozen=True)
class SurveyTotals:
    module: Module
    respondents: int
    statements: list[StatementTotals]  # empty below MIN_ANSWERS respondents

    @property
    def shown(self) -> bool:
        return self.respondents >= MIN_ANSWERS


def answers_are_private(module: Module) -> bool:
    """A survey's answers are never shown person by person (not even to a référent)."""
    return module.kind == SURVEY


def survey_totals(db: Session, context_id: int, module: Module) -> SurveyTotals:
    """The totals of this course, each person's last submitted answers counted once."""
    last = (
        select(func.max(Attempt.id))
        .join(Membership, Membership.id == Attempt.membership_id)
        .where(
            Membership.context_id == context_id,
            Membership.is_learner.is_(True),  # a référent's own answers would let them subtract theirs
            Membership.is_tutor.is_(False),
            Membership.is_admin.is_(False),
            Membership.is_mentor.is_(False),
            Attempt.module_slug == module.slug,
            Attempt.submitted_at.is_not(None),
        )
        .group_by(Attempt.membership_id)
    )
    respondents = db.scalar(select(func.count()).select_from(last.subquery())) or 0
    if respondents < MIN_ANSWERS:
        return SurveyTotals(module, respondents, [])
    chosen: dict[str, Counter[str]] = {}
    for question_id, value in db.execute(select(Answer.question_id, Answer.value).where(Answer.attempt_id.in_(last))):
        values = value if isinstance(value, list) else [value]
        chosen.setdefault(question_id, Counter()).update(v for v in values if isinstance(v, str))
    statements = [
        StatementTotals(question, [(label, chosen.get(question.id, Counter())[key]) for key, label in options])
        for question in module.questions.values()
        if (options := _options(question))
    ]
    return SurveyTotals(module, respondents, statements)


def _options(question: Question) -> list[tuple[str, Markup]]:
    """The answers one can count: a scale's levels or the choices; none for a free comment."""
    view = question.public_view()
    if "scale" in view:
        return [(label, Markup.escape(label)) for label in view["scale"]]
    return [(choice["id"], Markup(choice["html"])) for choice in view.get("choices", [])]
