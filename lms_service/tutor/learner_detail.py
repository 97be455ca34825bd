"""What the learner page reads about one learner, in a fixed number of queries however much they did.

Who sees what: tutors and administrators see everything below; a mentor
follows the learner read only, so it gets the progress, the time spent and the
activity (with scores, as in the CSV it may download), but neither the quiz
section (answers, expected answers, extra attempts) nor the self-assessment
answers, which the learner wrote for their référent or référente
(assessments/self_assessment.py). Among those, each job family's « appeal »
is shown first as a table, most appealing first; the orientation page
(orientation/) shows them family by family, beside the quizzes and the time.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..assessments.self_assessment import SelfAssessment, appeal_question, self_assessments
from ..content import Module, get_catalogue
from ..db import get_session
from ..grades.messages import gradebook_line
from ..grades.outbox import WHOLE_PATH
from ..local_time import paris_today
from ..models import GradeOutbox, Membership, ModuleProgress, NurseryReview, User
from ..progress import module_progress
from ..sessions import Member
from .attempts import QuizSummary, quizzes_of
from .timeline import Cursor, Timeline, timeline
from .weeks import nursery_week


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
    review: NurseryReview | None  # the end-of-nursery review, its outcome said beside the links to its pages


def read_detail(viewer: Member, member: Membership, since: Cursor | None) -> LearnerDetail:
    """Everything the page shows of `member` (already checked visible to `viewer`), for this viewer's role."""
    db = get_session()
    modules = get_catalogue().ordered()
    by_slug = {module.slug: module for module in modules}
    progress = module_progress(member.id)
    grades = list(db.scalars(select(GradeOutbox).where(GradeOutbox.membership_id == member.id)))
    marks = viewer.writes
    answers = self_assessments(db, member.id, modules) if marks else []
    return LearnerDetail(
        progress=progress,
        total_seconds=sum(row.seconds_spent for row in progress.values()),
        week=nursery_week(member.entry_date, paris_today()),
        facts_by=_facts_by(db, member),
        timeline=timeline(db, member, by_slug, progress.values(), grades, since),
        quizzes=quizzes_of(member, grades) if marks else [],
        path_grade=_path_grade(grades) if marks else None,
        self_assessments=answers,
        appeal=_appeal(modules, answers) if marks else [],
        review=db.scalars(select(NurseryReview).where(NurseryReview.membership_id == member.id)).first()
        if marks else None,  # a mentor reads neither the review nor the notes: the référents' own
    )


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


def _appeal(modules: Sequence[Module], answers: Sequence[SelfAssessment]) -> list[Appeal]:
    """Each initiation module's « do these jobs appeal to you? », the most appealing first, unanswered last;
    none at all before the first answer."""
    given = {item.module.slug: {a.question.id: a for a in item.answers} for item in answers}
    found = []
    for module in modules:
        scale = appeal_question(module)
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
