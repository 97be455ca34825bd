"""Sessions held on site and who came: record several learners at once, read them back a page at a time.

Two référents may record the same session at the same moment (one on her phone,
one at the desk). The session is one row per (course, day, label), made with
INSERT … ON CONFLICT DO NOTHING then read back: both sheets land in that one
session. Each learner's status is one row per (session, learner), written with
INSERT … ON CONFLICT DO UPDATE: the second write updates the first. Neither is
ever a duplicate-key error. The rows go in learner order, so two recordings of
the same learners wait for one another instead of locking each other out.
Names are shown without the e-mail address the LMS may have sent in their place
(a mentor reads these pages; records/people.py's rule).
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, tuple_, update
from sqlalchemy.orm import Session, aliased

from ..content import get_catalogue
from ..db import upsert_insert
from ..local_time import noon
from ..models import Membership, User
from ..models.onsite import ABSENT, EXCUSED, PRESENT, Attendance, OnsiteSession
from ..models.people import person_name
from ..risk.course_pass import refresh_learners

PAGE = 30  # sessions a page of the course's list shows
LEARNER_PAGE = 50  # sessions a learner's page shows


@dataclass(frozen=True)
class SessionRow:
    """A session in the course's list, with how many were present, absent, excused."""

    id: int
    held_on: date
    label: str
    present: int
    absent: int
    excused: int


@dataclass(frozen=True)
class Mark:
    """One learner's status at a session, and who noted it when."""

    membership_id: int
    name: str
    status: str
    set_by: str | None
    set_at: datetime
    left: bool  # the roster says they left the course since: shown, no longer changed


@dataclass(frozen=True)
class LearnerMark:
    """One session in a learner's own list."""

    session_id: int
    held_on: date
    label: str
    status: str
    set_by: str | None
    set_at: datetime


def sessions_page(db: Session, context_id: int, before: tuple[date, int] | None) -> tuple[list[SessionRow], bool]:
    """The course's sessions newest first, PAGE of them from `before` (a keyset on the day and id), and
    whether older ones follow; their counts in one grouped query."""
    query = select(OnsiteSession.id, OnsiteSession.held_on, OnsiteSession.label).where(
        OnsiteSession.context_id == context_id)  # fmt: skip
    if before is not None:
        query = query.where(tuple_(OnsiteSession.held_on, OnsiteSession.id) < before)
    rows = db.execute(query.order_by(OnsiteSession.held_on.desc(), OnsiteSession.id.desc()).limit(PAGE + 1)).all()
    more, rows = len(rows) > PAGE, rows[:PAGE]
    counts = _counts(db, [row.id for row in rows])
    return [SessionRow(row.id, row.held_on, row.label, *(counts.get((row.id, status), 0)
                                                         for status in (PRESENT, ABSENT, EXCUSED)))
            for row in rows], more  # fmt: skip


def _counts(db: Session, ids: list[int]) -> dict[tuple[int, str], int]:
    if not ids:
        return {}
    query = (select(Attendance.session_id, Attendance.status, func.count()).where(Attendance.session_id.in_(ids))
             .group_by(Attendance.session_id, Attendance.status))  # fmt: skip
    return {(session_id, status): count for session_id, status, count in db.execute(query)}


def course_session(db: Session, context_id: int, session_id: int) -> OnsiteSession | None:
    """The session if it belongs to this course; None for another course's (a 404, as if it did not exist)."""
    return db.scalars(select(OnsiteSession).where(OnsiteSession.id == session_id,
                                                  OnsiteSession.context_id == context_id)).first()  # fmt: skip


def same_session(db: Session, context_id: int, held_on: date, label: str) -> OnsiteSession | None:
    """The course's session of that day with that label (at most one: the table's key), if it was noted."""
    return db.scalars(select(OnsiteSession).where(OnsiteSession.context_id == context_id,
                                                  OnsiteSession.held_on == held_on,
                                                  OnsiteSession.label == label)).first()  # fmt: skip


def held_session(db: Session, context_id: int, held_on: date, label: str, *, by: int, now: datetime,
                 ) -> OnsiteSession:  # fmt: skip
    """The course's session of that day with that label, made (by whom, when) unless it exists.

    No look then insert: two sheets of the same session sent at once would both see
    none, and the second insert would break the (course, day, label) key. The insert
    does nothing when the row is there, or waits for the other transaction's row and
    then does nothing (PostgreSQL; SQLite writes one at a time); the read that follows
    sees the row either way, so whoever made it, both sheets fill one session.
    """
    insert = upsert_insert(db)
    db.execute(insert(OnsiteSession).values(context_id=context_id, held_on=held_on, label=label, created_by_id=by,
                                            created_at=now)
               .on_conflict_do_nothing(index_elements=[OnsiteSession.context_id, OnsiteSession.held_on,
                                                       OnsiteSession.label]))  # fmt: skip
    made = same_session(db, context_id, held_on, label)
    assert made is not None  # inserted, or there already
    return made


def recorded_ids(db: Session, session_id: int) -> set[int]:
    """Whose status the session holds."""
    return set(db.scalars(select(Attendance.membership_id).where(Attendance.session_id == session_id)))


def record(db: Session, session: OnsiteSession, marks: Mapping[int, str], removed: Collection[int], *, by: int,
           now: datetime) -> None:  # fmt: skip
    """Write the learners' statuses (each attributed), take off those `removed`, then move the present ones'
    last activity to the session's day and recompute their alerts at once.

    The ids must be learners of the session's course, checked by the caller. A last
    activity is only ever moved forward: a presence at an older session, or a
    status changed to absent, never makes anyone look less active than they were.
    """
    if marks:
        insert = upsert_insert(db)
        rows = [{"session_id": session.id, "membership_id": learner, "status": marks[learner], "set_by_id": by,
                 "set_at": now} for learner in sorted(marks)]  # fmt: skip
        statement = insert(Attendance).values(rows)
        db.execute(statement.on_conflict_do_update(
            index_elements=[Attendance.session_id, Attendance.membership_id],
            set_={"status": statement.excluded.status, "set_by_id": statement.excluded.set_by_id,
                  "set_at": statement.excluded.set_at}))  # fmt: skip
    if removed:
        db.execute(delete(Attendance).where(Attendance.session_id == session.id,
                                            Attendance.membership_id.in_(sorted(removed))))  # fmt: skip
    present = sorted(learner for learner, status in marks.items() if status == PRESENT)
    if present:
        came = noon(session.held_on, now)
        db.execute(update(Membership).where(Membership.id.in_(present), or_(Membership.last_activity_at.is_(None),
                                                                            Membership.last_activity_at < came))
                   .values(last_activity_at=came).execution_options(synchronize_session=False))  # fmt: skip
    refresh_learners(db, session.context_id, sorted({*marks, *removed}), get_catalogue().nursery(), now)


_setter, _setter_user = aliased(Membership), aliased(User)


def session_marks(db: Session, session_id: int) -> list[Mark]:
    """Everyone the session holds, by name, with who noted their status (one query)."""
    query = (
        select(Attendance.membership_id, Attendance.status, Attendance.set_at, Membership.left_at, *_names(User),
               *_names(_setter_user, "s_"), _setter.id.label("setter"))
        .join(Membership, Membership.id == Attendance.membership_id).join(User, User.id == Membership.user_id)
        .outerjoin(_setter, _setter.id == Attendance.set_by_id).outerjoin(_setter_user, _setter_user.id == _setter.user_id)
        .where(Attendance.session_id == session_id).order_by(Membership.name_key, Membership.id)
    )  # fmt: skip
    return [Mark(r.membership_id, _name(r), r.status, _name(r, "s_") if r.setter else None, r.set_at,
                 r.left_at is not None) for r in db.execute(query)]  # fmt: skip


def learner_marks(db: Session, membership_id: int) -> tuple[list[LearnerMark], bool]:
    """A learner's sessions newest first, LEARNER_PAGE of them, and whether older ones exist (one query)."""
    query = (
        select(OnsiteSession.id, OnsiteSession.held_on, OnsiteSession.label, Attendance.status, Attendance.set_at,
               *_names(_setter_user, "s_"), _setter.id.label("setter"))
        .join(Attendance, Attendance.session_id == OnsiteSession.id)
        .outerjoin(_setter, _setter.id == Attendance.set_by_id).outerjoin(_setter_user, _setter_user.id == _setter.user_id)
        .where(Attendance.membership_id == membership_id)
        .order_by(OnsiteSession.held_on.desc(), OnsiteSession.id.desc()).limit(LEARNER_PAGE + 1)
    )  # fmt: skip
    rows = db.execute(query).all()
    return [LearnerMark(r.id, r.held_on, r.label, r.status, _name(r, "s_") if r.setter else None, r.set_at)
            for r in rows[:LEARNER_PAGE]], len(rows) > LEARNER_PAGE  # fmt: skip


def _names(user: Any, prefix: str = "") -> list[Any]:
    return [user.name.label(f"{prefix}name"), user.given_name.label(f"{prefix}given"),
            user.family_name.label(f"{prefix}family"), user.sub.label(f"{prefix}sub")]  # fmt: skip


def _name(row: Any, prefix: str = "") -> str:
    """The person's name; never their e-mail address, which the LMS sends when it has no name."""
    v = row._mapping
    return person_name(v[f"{prefix}name"], v[f"{prefix}given"], v[f"{prefix}family"], None, v[f"{prefix}sub"] or "")
