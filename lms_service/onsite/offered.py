"""Which learners an attendance sheet offers: the référent's own first, then others of the course by name.

A course may hold thousands of learners; a sheet holds at most LIMIT of them,
read in two bounded queries on the course's name index: the viewer's own
learners (those they are référent of), then, when asked for (a name searched, or
« tout le cours »), the others — or the others straight away when the viewer
follows nobody yet.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select

from ..db import get_session
from ..models import Membership, User
from ..models.onsite import Attendance
from ..models.people import person_name
from ..name_keys import like_pattern
from ..sessions import Member

LIMIT = 200  # learners one sheet offers, and the most one session holds


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class Offer:
    mine: list[Person]  # the viewer's own learners
    others: list[Person]  # other learners of the course: those the search found, or the first by name
    more: bool  # the sheet stopped at LIMIT: more would match (search for a name to find them)
    others_shown: bool  # the others were asked for, or offered because the viewer follows nobody


def offer(viewer: Member, search: str, everyone: bool, session_id: int | None = None, limit: int = LIMIT) -> Offer:
    """Learners of the viewer's course still in it, not yet in the session `session_id` (if given), by name."""
    base = _learners(viewer.context_id, session_id)
    mine_rows = get_session().execute(base.where(Membership.referent_id == viewer.id).limit(limit + 1)).all()
    mine, more = [_person(row) for row in mine_rows[:limit]], len(mine_rows) > limit
    others: list[Person] = []
    show_others = bool(search) or everyone or not mine
    room = limit - len(mine)
    if show_others and room > 0:
        query = base.where(or_(Membership.referent_id.is_(None), Membership.referent_id != viewer.id))
        query = query.where(_named(search)) if search else query
        rows = get_session().execute(query.limit(room + 1)).all()
        others, more = [_person(row) for row in rows[:room]], more or len(rows) > room
    return Offer(mine, others, more, show_others)


_COLUMNS: tuple[Any, ...] = (Membership.id, User.name, User.given_name, User.family_name, User.sub)


def _learners(context_id: int, session_id: int | None) -> Select[Any]:
    query = (
        select(*_COLUMNS)
        .join(User, User.id == Membership.user_id)
        .where(Membership.context_id == context_id, Membership.is_learner.is_(True), Membership.left_at.is_(None))
        .order_by(Membership.name_key, Membership.id)
    )
    if session_id is not None:
        query = query.where(Membership.id.not_in(select(Attendance.membership_id)
                                                 .where(Attendance.session_id == session_id)))  # fmt: skip
    return query


def _named(search: str) -> ColumnElement[bool]:
    """The dashboard's name search: the stored key, folded the same way, holds what was typed."""
    return Membership.name_key.like(like_pattern(search), escape="\\")


def _person(row: Any) -> Person:
    """A learner by name, never by e-mail address (records/people.py's rule): « Personne … » when the LMS sent none."""
    return Person(row.id, person_name(row.name, row.given_name, row.family_name, None, row.sub))
