"""The figures' statements: the courses in scope, then two grouped counts over their learners, whatever their number.

The learners counted are those of the courses the viewer follows (a subquery
of course ids, so another LMS's never count) who entered in the period: the
count groups them by entry month, course, modality and review outcome, with
how many are old enough for the retention figure and how many of those stayed;
the follow-ups are counted by their month (3 or 6) and state. Learners who
have left a course since still count: they entered the nursery.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, extract, func, or_, select

from ..db import get_session
from ..models import Context, Membership, NurseryReview, ReviewFollowUp
from ..models.records import DROPPED_OUT
from ..name_keys import fold
from .local_days import day_start
from .selection import MODALITIES, Selection

# Retention: among those who entered at least five weeks ago, who was still there from day 28 on.
RETENTION_AFTER = timedelta(weeks=5)
ACTIVE_FROM_DAY = 28


@dataclass(frozen=True)
class Course:
    id: int
    name: str  # its title, else its short label


@dataclass(frozen=True)
class Cohort:
    """Learners of one entry month, course, modality and review outcome (None: no review yet)."""

    month: date
    course_id: int
    modality: str | None
    outcome: str | None
    entered: int
    counted: int  # entered five weeks ago or more: retention's denominator
    stayed: int  # of those, active from day 28 on, or reviewed with an outcome other than « dropped out »


def scope_courses(scope: Select[Any], limit: int) -> tuple[list[Course], bool]:
    """The courses in scope sorted by name, at most `limit`, and whether there are more."""
    rows = get_session().execute(_courses(scope).order_by(Context.title, Context.label, Context.id).limit(limit + 1))
    courses = [Course(id, title or label) for id, title, label in rows]
    return sorted(courses[:limit], key=lambda course: (fold(course.name), course.id)), len(courses) > limit


def find_course(scope: Select[Any], course_id: int) -> Course | None:
    """That course if it is in scope, else None (another LMS's, or one the viewer does not follow)."""
    row = get_session().execute(_courses(scope).where(Context.id == course_id)).first()
    return None if row is None else Course(row.id, row.title or row.label)


def cohorts(scope: Select[Any], asked: Selection, today: date, zone: str) -> list[Cohort]:
    """The learners asked for, counted by entry month, course, modality and outcome (one statement)."""
    db = get_session()
    year, month = extract("year", Membership.entry_date), extract("month", Membership.entry_date)
    counted = Membership.entry_date <= today - RETENTION_AFTER
    from_day_28 = day_start(Membership.entry_date, ACTIVE_FROM_DAY, zone, (asked.first, asked.end),
                            db.get_bind().dialect.name)  # fmt: skip
    reviewed_on = and_(NurseryReview.outcome.is_not(None), NurseryReview.outcome != DROPPED_OUT)
    stayed = and_(counted, or_(Membership.last_activity_at >= from_day_28, reviewed_on))
    query = (
        select(year, month, Membership.context_id, Membership.modality, NurseryReview.outcome, func.count(),
               func.count(case((counted, 1))), func.count(case((stayed, 1))))
        .outerjoin(NurseryReview, NurseryReview.membership_id == Membership.id)
        .where(*_learners(scope, asked))
        .group_by(year, month, Membership.context_id, Membership.modality, NurseryReview.outcome)
    )  # fmt: skip
    return [Cohort(date(int(y), int(m), 1), course, modality, outcome, entered, counted_, stayed_)
            for y, m, course, modality, outcome, entered, counted_, stayed_ in db.execute(query)]  # fmt: skip


def follow_ups(scope: Select[Any], asked: Selection) -> dict[tuple[int, str], int]:
    """How many follow-ups of the learners asked for found each state, by month after the review (one statement)."""
    query = (select(ReviewFollowUp.months, ReviewFollowUp.state, func.count())
             .join(Membership, Membership.id == ReviewFollowUp.membership_id)
             .where(*_learners(scope, asked))
             .group_by(ReviewFollowUp.months, ReviewFollowUp.state))  # fmt: skip
    return {(months, state): count for months, state, count in get_session().execute(query)}


def _courses(scope: Select[Any]) -> Select[int, str, str]:
    return select(Context.id, Context.title, Context.label).where(Context.id.in_(scope))


def _learners(scope: Select[Any], asked: Selection) -> list[ColumnElement[bool]]:
    """Learners (those who left since included) of the courses asked for, who entered in the period."""
    where = [Membership.is_learner.is_(True), Membership.entry_date >= asked.first, Membership.entry_date <= asked.end,
             Membership.context_id.in_(scope)]  # fmt: skip
    if asked.course_id is not None:
        where.append(Membership.context_id == asked.course_id)
    if asked.modality:
        modality = MODALITIES[asked.modality]
        where.append(Membership.modality.is_(None) if modality is None else Membership.modality == modality)
    return where
