"""What the learner page reads about one learner, in a fixed number of queries however much they did.

Who sees what: tutors and administrators see everything below; a mentor
follows the learner read only, so it gets the progress, the time spent and the
activity (with scores, as in the CSV it may download), but neither the quiz
section (answers, expected answers, extra attempts) nor the self-assessment
answers, which the learner wrote for their référent or référente.

Self-assessment answers are the answers to questions without points (Likert
scales, free comments, choices marked `graded: false`) in every module but a
survey: a survey's answers are anonymous (`answers_are_private`) and are never
read here, not even from the database. Among them, the « appeal » of each job
family is the Likert scale of an initiation module (« Les métiers du
développement web vous attirent-ils ? »), shown first as a table, most
appealing first.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import get_timezone, gettext
from markupsafe import Markup, escape
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..assessments.survey_totals import answers_are_private
from ..content import Module, Question, get_catalogue
from ..db import get_session, utcnow
from ..grades.messages import gradebook_line
from ..grades.outbox import WHOLE_PATH
from ..models import Answer, Attempt, GradeOutbox, Membership, ModuleProgress, User
from ..sessions import Member
from .attempts import QuizSummary, quizzes_of
from .queries import module_progress
from .timeline import Cursor, Timeline, timeline
from .weeks import nursery_week

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


@dataclass(frozen=True)
class Appeal:
    """Whether an initiation module's jobs appeal to the learner: a level of its scale, or not answered yet."""

    module: Module
    level: str | None
    rank: int  # the level's place on the scale (0: the lowest), -1 when not answered
    steps: int  # how many levels the scale has


@dataclass(frozen=True)
class LearnerDetail:
    progress: dict[str, ModuleProgress]
    total_seconds: int
    week: int  # their week in the nursery today (0: entry to come)
    facts_by: str | None  # who last set the entry date or modality
    timeline: Timeline
    quizzes: list[QuizSummary]
    path_grade: tuple[int, str] | None  # the whole path's score (per cent) and where it stands in the gradebook
    self_assessments: list[SelfAssessment]
    appeal: list[Appeal]


def read_detail(viewer: Member, member: Membership, since: Cursor | None) -> LearnerDetail:
    """Everything the page shows of `member` (already checked visible to `viewer`), for this viewer's role."""
    db = get_session()
    modules = get_catalogue().ordered()
    by_slug = {module.slug: module for module in modules}
    progress = module_progress(member.id)
    grades = list(db.scalars(select(GradeOutbox).where(GradeOutbox.membership_id == member.id)))
    marks = viewer.is_tutor or viewer.is_admin
    answers = _self_assessments(db, member.id, modules) if marks else []
    return LearnerDetail(
        progress=progress,
        total_seconds=sum(row.seconds_spent for row in progress.values()),
        week=nursery_week(member.entry_date, utcnow().astimezone(get_timezone()).date()),
        facts_by=_facts_by(db, member),
        timeline=timeline(db, member, by_slug, progress.values(), grades, since),
        quizzes=quizzes_of(member, grades) if marks else [],
        path_grade=_path_grade(grades) if marks else None,
        self_assessments=answers,
        appeal=_appeal(modules, answers) if marks else [],
    )


def duration_words(seconds: int) -> str:
    """A reading time as a référent says it: « moins d'une minute », « 12 min », « 1 h 05 »."""
    if seconds <= 0:
        return "–"
    if seconds < 60:
        return gettext("moins d'une minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return gettext("%(n)s min", n=minutes)
    return gettext("%(h)s h %(m)s", h=minutes // 60, m=f"{minutes % 60:02d}")


def _path_grade(grades: Sequence[GradeOutbox]) -> tuple[int, str] | None:
    """The share of the path's scored modules passed, for a course that placed the whole path with a column."""
    row = next((row for row in grades if row.module_slug == WHOLE_PATH), None)
    if row is None or not row.score_maximum:
        return None
    return round(100 * row.score_given / row.score_maximum), gradebook_line(row)


def _facts_by(db: Session, member: Membership) -> str | None:
    """The name of who last changed the learner's entry date or modality (a référent, kept as they left)."""
    if member.facts_set_by_id is None:
        return None
    query = select(User).join(Membership, Membership.user_id == User.id).where(Membership.id == member.facts_set_by_id)
    user = db.scalars(query).first()
    return user.display_name if user is not None else None


def _unscored_questions(modules: Sequence[Module]) -> dict[str, dict[str, Question]]:
    """Per module whose answers may be shown person by person, its questions without points."""
    found = {}
    for module in modules:
        questions = {q.id: q for q in module.questions.values() if not q.points_possible}
        if questions and not answers_are_private(module):
            found[module.slug] = questions
    return found


def _self_assessments(db: Session, membership_id: int, modules: Sequence[Module]) -> list[SelfAssessment]:
    """Each module's answers without points, from its last submitted attempt, in path order (one query).

    Only the questions without points are read: a graded answer, and whether it was right, stays on the
    attempt's own page. A survey's answers are never asked for.
    """
    questions = _unscored_questions(modules)
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
        answered = [Answered(q, _answer_html(q, values[module.slug][q.id]), values[module.slug][q.id])
                    for q in questions[module.slug].values() if q.id in values[module.slug]]  # fmt: skip
        found.append(SelfAssessment(module, attempt.number, attempt.submitted_at, answered))
    return found


def _answer_html(question: Question, value: Any) -> Markup:
    """The answer as the learner gave it: a level or a choice as labelled, a comment with its line breaks."""
    if question.type_name == "free" and isinstance(value, str):
        return Markup("<br>").join(escape(line) for line in value.split("\n"))
    return question.response_html(value)


def _appeal(modules: Sequence[Module], answers: Sequence[SelfAssessment]) -> list[Appeal]:
    """Each initiation module's « do these jobs appeal to you? », the most appealing first, unanswered last;
    none at all before the first answer."""
    given = {item.module.slug: {a.question.id: a for a in item.answers} for item in answers}
    found = []
    for module in modules:
        scale = _appeal_question(module)
        if scale is None:
            continue
        answer = given.get(module.slug, {}).get(scale.id)
        levels: tuple[str, ...] = getattr(scale, "scale", ())
        level = answer.value if answer is not None and isinstance(answer.value, str) else None
        rank = levels.index(level) if level in levels else -1
        found.append(Appeal(module, level, rank, len(levels)))
    if all(appeal.level is None for appeal in found):
        return []  # nothing to compare yet: no table of empty rows
    return sorted(found, key=lambda appeal: -appeal.rank)  # stable: the path's order among equals


def _appeal_question(module: Module) -> Question | None:
    """The scale of an initiation module without points: how much its family of jobs appeals."""
    if module.kind != INITIATION or answers_are_private(module):
        return None
    return next((q for q in module.questions.values() if q.type_name == "likert" and not q.points_possible), None)
