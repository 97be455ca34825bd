"""The satisfaction survey, read by référents and administrators: totals per statement, never one learner's answers.

A survey's answers are recorded like any attempt's, but no page shows them per
learner: the tutor's course page, and the LMS administrator's page of every
course of that LMS, show for each statement with options how many chose each
one, counting each learner's last submitted answers, and only from MIN_ANSWERS
people up in that course, so that nobody's answer can be told from the totals
of a small group. Staff answers are never counted (a référent could subtract
theirs). Free comments are not shown, nor even read: they could say who wrote
them.

Both pages count with the same function (`_totals_by_course`), in a fixed
number of queries however many courses it covers.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from ..content import Module, Question
from ..models import Answer, Attempt, Context, Membership

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


@dataclass(frozen=True)
class CourseSurveys:
    """One course of an LMS and its surveys' totals, as the administrator's page lists them."""

    course_id: int
    name: str
    surveys: list[SurveyTotals]


def answers_are_private(module: Module) -> bool:
    """A survey's answers are never shown person by person (not even to a référent)."""
    return module.kind == SURVEY


def survey_totals(db: Session, context_id: int, module: Module) -> SurveyTotals:
    """The totals of this course, each person's last submitted answers counted once."""
    return _totals_by_course(db, Membership.context_id == context_id, [context_id], [module])[context_id][0]


def lms_survey_totals(db: Session, launched_from: int, modules: list[Module]) -> list[CourseSurveys]:
    """Every course of the LMS that the course `launched_from` belongs to, with its totals; never another LMS's.

    The LMS is read from the launch's own course, so no caller can name another
    tenant. Three queries whatever the number of courses: the courses, the
    respondents per course, the answers of the courses shown.
    """
    lms = select(Context.lms_id).where(Context.id == launched_from).scalar_subquery()
    of_lms = and_(Context.lms_id == lms, Context.has_course.is_(True))  # a stand-in "course" has nobody to follow
    rows = db.execute(select(Context.id, Context.title, Context.label, Context.lti_context_id).where(of_lms)).all()
    courses = sorted(
        ((course_id, title or label or lti_id) for course_id, title, label, lti_id in rows),
        key=lambda course: (course[1].casefold(), course[0]),
    )
    if not courses:
        return []
    in_lms = Membership.context_id.in_(select(Context.id).where(of_lms))
    totals = _totals_by_course(db, in_lms, [course_id for course_id, _ in courses], modules)
    return [CourseSurveys(course_id, name, totals[course_id]) for course_id, name in courses]


def _totals_by_course(
    db: Session, in_courses: ColumnElement[bool], course_ids: list[int], modules: list[Module]
) -> dict[int, list[SurveyTotals]]:
    """The rule, once: per course and survey, learners' last answers counted, shown from MIN_ANSWERS up.

    `in_courses` selects the memberships (of one course, or of an LMS's courses);
    the answers of a course below MIN_ANSWERS are never read.
    """
    if not modules:
        return {course_id: [] for course_id in course_ids}
    last = (
        select(func.max(Attempt.id).label("attempt_id"), Membership.context_id, Attempt.module_slug)
        .join(Membership, Membership.id == Attempt.membership_id)
        .where(
            in_courses,
            Membership.is_learner.is_(True),  # a référent's own answers would let them subtract theirs
            Membership.is_tutor.is_(False),
            Membership.is_admin.is_(False),
            Membership.is_mentor.is_(False),
            Attempt.module_slug.in_([module.slug for module in modules]),
            Attempt.submitted_at.is_not(None),
        )
        .group_by(Attempt.membership_id, Membership.context_id, Attempt.module_slug)
        .cte("last_attempt")
    )
    per_survey = (last.c.context_id, last.c.module_slug)
    respondents: dict[tuple[int, str], int] = {
        (course_id, slug): count
        for course_id, slug, count in db.execute(select(*per_survey, func.count()).group_by(*per_survey))
    }
    options = {module.slug: _countable_options(module) for module in modules}
    chosen: dict[tuple[int, str, str], Counter[str]] = {}
    if any(count >= MIN_ANSWERS for count in respondents.values()):
        shown = select(*per_survey).group_by(*per_survey).having(func.count() >= MIN_ANSWERS).subquery()
        countable = sorted({question_id for questions in options.values() for question_id in questions})
        answers = (
            select(*per_survey, Answer.question_id, Answer.value)
            .join(Answer, Answer.attempt_id == last.c.attempt_id)
            .join(shown, and_(shown.c.context_id == last.c.context_id, shown.c.module_slug == last.c.module_slug))
            .where(Answer.question_id.in_(countable))  # free comments stay in the database
        )
        for course_id, slug, question_id, value in db.execute(answers):
            values = value if isinstance(value, list) else [value]
            chosen.setdefault((course_id, slug, question_id), Counter()).update(v for v in values if isinstance(v, str))

    def totals(course_id: int, module: Module) -> SurveyTotals:
        count = respondents.get((course_id, module.slug), 0)
        if count < MIN_ANSWERS:
            return SurveyTotals(module, count, [])
        statements = [
            StatementTotals(question, [(label, chosen.get((course_id, module.slug, question.id), Counter())[key])
                                       for key, label in options[module.slug][question.id]])
            for question in module.questions.values()
            if question.id in options[module.slug]
        ]  # fmt: skip
        return SurveyTotals(module, count, statements)

    return {course_id: [totals(course_id, module) for module in modules] for course_id in course_ids}


@lru_cache(maxsize=32)
def _countable_options(module: Module) -> dict[str, list[tuple[str, Markup]]]:
    """Each countable statement's options, drawn once per module version (modules hash by version)."""
    return {q.id: found for q in module.questions.values() if (found := _options(q))}


def _options(question: Question) -> list[tuple[str, Markup]]:
    """The answers one can count: a scale's levels or the choices; none for a free comment."""
    view = question.public_view()
    if "scale" in view:
        return [(label, Markup.escape(label)) for label in view["scale"]]
    return [(choice["id"], Markup(choice["html"])) for choice in view.get("choices", [])]
