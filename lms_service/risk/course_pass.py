"""The worker's pass over a course: time-based alerts, nursery completion, and the figures the page reads.

An alert that depends on the clock (a week without activity, nothing started
three days after entry) has no event to set it, so the worker looks at each
course: once an hour, within a minute of any activity there, and as soon as
its LMS's rules or its roster changed. Each look is a few set-based statements
on the course's indexes, never a row at a time, a thousand learners a transaction.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, not_, or_, select, true, update
from sqlalchemy.orm import Session

from ..db import upsert_insert
from ..local_time import local_day
from ..models import COMPLETED, Context, CourseFigures, Membership, ModuleProgress, RiskRules
from ..models.records import DROPPED_OUT, NO_NEWS, NurseryReview, ReviewFollowUp
from .reasons import INACTIVE, LOST_CONTACT, NO_REVIEW, NOT_STARTED
from .rules import Rules, course_rules, rules_for
from .scores import probe, score_bits

Sessions = Callable[[], AbstractContextManager[Session]]
EVERY = timedelta(hours=1)  # every course, whatever happened
AFTER_ACTIVITY = timedelta(minutes=1)  # a course where something happened, at most this often
CHUNK = 1_000  # learners looked at in one transaction


def refresh_course(sessions: Sessions, context_id: int, rules: Rules, nursery: Collection[str],
                   now: datetime) -> None:  # fmt: skip
    """Recompute the course's alerts and nursery completions, CHUNK learners a transaction, then store its
    figures: SQLite has one writer, and a page view waits for one chunk (tens of ms), never a whole course."""
    learners = and_(Membership.context_id == context_id, Membership.is_learner.is_(True))
    reasons, after = _reasons(rules, now), 0
    while True:
        with sessions() as db, db.begin():
            ids = db.scalars(select(Membership.id).where(learners, Membership.id > after)
                             .order_by(Membership.id).limit(CHUNK)).all()  # fmt: skip
            if not ids:
                break
            chunk = Membership.id.in_(ids)  # by primary key: a range on the id would walk the course each time
            _set_reasons(db, chunk, reasons)
            _set_nursery_done(db, chunk, nursery, now)
        after = ids[-1]
    with sessions() as db, db.begin():
        _store_figures(db, context_id, _figures(db, context_id, rules, now), now)


def refresh_learners(db: Session, context_id: int, ids: Collection[int], nursery: Collection[str],
                     now: datetime) -> None:  # fmt: skip
    """Recompute a few learners' alerts and nursery completion now, in the caller's transaction: a tutor who
    records a presence, a review or a follow-up sees the badge change at once, not at the worker's next pass.
    The course's figures follow at that pass."""
    if not ids:
        return
    learners = and_(Membership.context_id == context_id, Membership.id.in_(ids))
    _set_reasons(db, learners, _reasons(course_rules(db, context_id), now))
    _set_nursery_done(db, learners, nursery, now)
    mark_changed(db, context_id, now)


def _set_reasons(db: Session, learners: ColumnElement[bool], reasons: ColumnElement[int]) -> None:
    """Store the reasons that changed: the rows taken first, then computed again by a statement of their own.

    A page view or a submission holds the learner's row until it commits. One UPDATE
    that waited for it would recheck the row as left, but read the modules and scores
    as they were when it began (PostgreSQL's READ COMMITTED), and put back the
    « not started » a page seen had just cleared. Taken first, the rows are computed
    by a later statement that sees what those requests committed, and none can change
    them meanwhile (SQLite has no row locks: one writer at a time, it needs none).
    """
    changed = db.scalars(select(Membership.id).where(learners, Membership.risk_reasons != reasons)
                         .with_for_update(of=Membership.__table__, key_share=True)).all()  # fmt: skip
    if changed:
        db.execute(update(Membership).where(Membership.id.in_(changed), Membership.risk_reasons != reasons)
                   .values(risk_reasons=reasons))  # fmt: skip


def _set_nursery_done(db: Session, learners: ColumnElement[bool], nursery: Collection[str], now: datetime) -> None:
    """When every module of the nursery is found completed, once."""
    if not nursery:
        return
    done = (select(func.count()).where(ModuleProgress.membership_id == Membership.id,
                                       ModuleProgress.status == COMPLETED,
                                       ModuleProgress.module_slug.in_(nursery)).scalar_subquery())  # fmt: skip
    db.execute(update(Membership).where(learners, Membership.nursery_done_at.is_(None), done >= len(nursery))
               .values(nursery_done_at=now))  # fmt: skip


def _reasons(rules: Rules, now: datetime) -> ColumnElement[int]:
    """Every alert of `Membership`'s row as one SQL number.

    None for someone whose review says they dropped out, or who left the course
    before any review. After a review the nursery's alerts (silence, modules,
    scores) are over: the learner is in training or looking for it, often gone
    from the nursery's course, and only « no news » still applies.
    """
    today = local_day(now)
    started = probe(select(ModuleProgress.id).where(ModuleProgress.membership_id == Membership.id,
                                                    ModuleProgress.started_at.is_not(None)))  # fmt: skip
    not_started = and_(Membership.entry_date <= today - timedelta(days=rules.not_started_days), not_(exists(started)))
    silent = Membership.last_activity_at < now - timedelta(days=rules.inactive_days)
    no_news = case((_no_news(rules, today, now), LOST_CONTACT), else_=0)
    nursery = (case((not_started, NOT_STARTED), else_=0) + case((silent, INACTIVE), else_=0) + score_bits(rules)
               + case((Membership.entry_date <= today - timedelta(weeks=rules.review_weeks), NO_REVIEW), else_=0))  # fmt: skip
    reviewed = exists(_review())
    gone = or_(and_(Membership.left_at.is_not(None), not_(reviewed)),
               exists(_review().where(NurseryReview.outcome == DROPPED_OUT)))  # fmt: skip
    return case((gone, 0), (reviewed, no_news), else_=nursery + no_news)


def _review() -> Select[int]:
    return probe(select(NurseryReview.id).where(NurseryReview.membership_id == Membership.id))


def _no_news(rules: Rules, today: date, now: datetime) -> ColumnElement[bool]:
    """Nothing heard for `silent_days`, counted from the review, or from the nursery's end when there is none.

    News is a page, an answer or a presence (all three move `last_activity_at`), or a
    follow-up noted since that found them (one that says « sans nouvelles » is not
    news); the 6-month follow-up, whatever it found, ends the watch.
    """
    quiet = or_(Membership.last_activity_at.is_(None),
                Membership.last_activity_at < now - timedelta(days=rules.silent_days))  # fmt: skip
    month_ago = today - timedelta(days=rules.silent_days)
    reviewed_long_ago = exists(_review().where(NurseryReview.held_on <= month_ago))
    nursery_long_over = and_(Membership.entry_date <= month_ago - timedelta(weeks=rules.review_weeks),
                             not_(exists(_review())))  # fmt: skip
    follow_up = probe(select(ReviewFollowUp.id).where(
        ReviewFollowUp.membership_id == Membership.id,
        or_(ReviewFollowUp.months >= 6, and_(ReviewFollowUp.noted_on > month_ago, ReviewFollowUp.state != NO_NEWS))))  # fmt: skip
    return and_(or_(reviewed_long_ago, nursery_long_over), not_(exists(follow_up)), quiet)


def _figures(db: Session, context_id: int, rules: Rules, now: datetime) -> dict[str, int]:
    """The course's counts in one aggregate over its learners still in the course."""
    recent = now - timedelta(days=rules.inactive_days)
    row = db.execute(
        select(
            func.count(),
            func.count(case((Membership.last_activity_at >= recent, 1))),
            func.count(case((Membership.first_launch_at.is_(None), 1))),
            func.count(case((Membership.nursery_done_at.is_not(None), 1))),
            func.count(case((Membership.risk_reasons != 0, 1))),
        ).where(Membership.context_id == context_id, Membership.is_learner.is_(True), Membership.left_at.is_(None))
    ).one()
    return dict(zip(("learners", "active", "never_connected", "nursery_done", "at_risk"), row, strict=True))


def _store_figures(db: Session, context_id: int, figures: dict[str, int], now: datetime) -> None:
    insert = upsert_insert(db)
    values = {**figures, "computed_at": now, "changed_at": None}
    statement = insert(CourseFigures).values(context_id=context_id, **values)
    db.execute(statement.on_conflict_do_update(index_elements=[CourseFigures.context_id], set_=values))


def mark_changed(db: Session, context_id: int, now: datetime) -> None:
    """Something the activity times do not show changed (a roster read, a learner's facts): recount soon."""
    db.execute(update(CourseFigures).where(CourseFigures.context_id == context_id).values(changed_at=now))


def due_courses(db: Session, now: datetime, limit: int, every: bool = False) -> list[tuple[int, int]]:
    """Courses to look at, with their LMS: never counted, counted over an hour ago, or changed since (a
    learner's activity, a roster read, the rules); `every`: all the courses."""
    figures = CourseFigures
    active_since = exists(select(Membership.id).where(
        Membership.context_id == Context.id, Membership.is_learner.is_(True),
        Membership.last_activity_at > figures.computed_at))  # fmt: skip
    rules_changed = exists(select(RiskRules.lms_id).where(RiskRules.lms_id == Context.lms_id,
                                                          RiskRules.changed_at > figures.computed_at))  # fmt: skip
    stale = or_(
        figures.context_id.is_(None),
        figures.computed_at < now - EVERY,
        and_(figures.computed_at < now - AFTER_ACTIVITY,
             or_(figures.changed_at.is_not(None), Context.roster_synced_at > figures.computed_at, active_since,
                 rules_changed)),
    )  # fmt: skip
    query = (
        select(Context.id, Context.lms_id)
        .outerjoin(figures, figures.context_id == Context.id)
        .where(Context.has_course.is_(True), true() if every else stale)
        .order_by(figures.computed_at.is_not(None), figures.computed_at, Context.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in db.execute(query).all()]


def refresh_due(sessions: Sessions, nursery: Collection[str], now: Callable[[], datetime], limit: int = 20,
                every: bool = False) -> int:  # fmt: skip
    """Look at the courses due, one after the other; how many were looked at."""
    with sessions() as db:
        due = due_courses(db, now(), limit, every)
        rules = {lms_id: rules_for(db, lms_id) for lms_id in {lms for _, lms in due}}
    for context_id, lms_id in due:
        refresh_course(sessions, context_id, rules[lms_id], nursery, now())
    return len(due)


