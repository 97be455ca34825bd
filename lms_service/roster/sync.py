"""Store a roster read from the LMS: people found or created, memberships of those who never launched, and
members marked as left — only after a read of every page, since a partial read proves nobody's absence.

The roster is hostile input checked by lti/ (ids, lengths, statuses). It names
people by their LTI `sub`, as launches do, so a learner's later first launch
finds the same person and membership. NRPS gives no enrolment date: a member
first seen here enters on the sync's day, marked « estimée » for the référent to
confirm. A person who launched keeps the roles of their last launch (it also
carries a mentor's scope); the roster gives roles to those who never launched.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from lti.message import parse_role

from ..db import insert_ignore
from ..models import Membership, User
from ..roles import map_roles

ACTIVE = "Active"
CHUNK = 500  # ids per IN (…): well under every database's parameter limit


class RosterMember(Protocol):
    """One member as lti/ read it (lti.roster_service.Member)."""

    @property
    def user_id(self) -> str: ...
    @property
    def roles(self) -> tuple[str, ...]: ...
    @property
    def status(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def given_name(self) -> str | None: ...
    @property
    def family_name(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


@dataclass
class Applied:
    """What a sync changed, for the log line and the tests."""

    seen: int = 0
    new_people: int = 0
    new_members: int = 0
    left: int = 0
    back: int = 0


def apply_roster(db: Session, context_id: int, lms_id: int, members: Sequence[RosterMember], *, complete: bool,
                 now: datetime, today: date) -> Applied:  # fmt: skip
    """Store the roster's active members in the course; with `complete`, mark the others as left."""
    present = {m.user_id: m for m in members if m.status == ACTIVE}
    applied = Applied(seen=len(present))
    users = _people(db, lms_id, present, applied)
    known = _memberships(db, context_id, users.values())
    for sub, member in present.items():
        membership = known.get(users[sub])
        if membership is None:
            applied.new_members += _enrol(db, context_id, users[sub], member, now, today)
        else:
            applied.back += membership.left_at is not None
            _seen(membership, member)
    db.flush()
    _mark_seen(db, context_id, list(users.values()), now)  # also a membership a launch made meanwhile
    if complete:
        applied.left = _mark_left(db, context_id, now)
    return applied


def _people(db: Session, lms_id: int, present: dict[str, RosterMember], applied: Applied) -> dict[str, int]:
    """The user id of every member, people never seen before created (names and e-mail from the roster)."""
    found: dict[str, int] = {}
    subs = list(present)
    for start in range(0, len(subs), CHUNK):
        chunk = subs[start : start + CHUNK]
        found |= dict(db.execute(select(User.sub, User.id).where(User.lms_id == lms_id, User.sub.in_(chunk))).all())
    for sub in subs:
        if sub not in found:
            member = present[sub]
            applied.new_people += insert_ignore(db, User, lms_id=lms_id, sub=sub, name=member.name,
                                                given_name=member.given_name, family_name=member.family_name,
                                                email=member.email)  # fmt: skip
    missing = [sub for sub in subs if sub not in found]
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        found |= dict(db.execute(select(User.sub, User.id).where(User.lms_id == lms_id, User.sub.in_(chunk))).all())
    return found


def _memberships(db: Session, context_id: int, user_ids: Iterable[int]) -> dict[int, Membership]:
    ids = list(user_ids)
    known: dict[int, Membership] = {}
    for start in range(0, len(ids), CHUNK):
        rows = db.scalars(select(Membership).where(Membership.context_id == context_id,
                                                   Membership.user_id.in_(ids[start : start + CHUNK])))  # fmt: skip
        known |= {row.user_id: row for row in rows}
    return known


def _enrol(db: Session, context_id: int, user_id: int, member: RosterMember, now: datetime, today: date) -> int:
    """A member the tool has never seen: in the course from today (estimated), never launched."""
    return int(insert_ignore(
        db, Membership, context_id=context_id, user_id=user_id, entry_date=today, entry_date_estimated=True,
        first_launch_at=None, last_launch_at=None, roster_seen_at=now, **_role_values(member),
    ))  # fmt: skip


def _seen(membership: Membership, member: RosterMember) -> None:
    """A known member listed again: someone who never launched takes the roster's roles."""
    if membership.never_launched:
        for name, value in _role_values(member).items():
            setattr(membership, name, value)


def _role_values(member: RosterMember) -> dict[str, object]:
    roles = [role for role in map(parse_role, member.roles) if role is not None]
    flags = map_roles(roles)
    return {
        "roles": [role.uri for role in roles], "is_learner": flags.is_learner, "is_tutor": flags.is_tutor,
        "is_author": flags.is_author, "is_admin": flags.is_admin, "is_mentor": flags.is_mentor,
    }  # fmt: skip


def _mark_seen(db: Session, context_id: int, user_ids: list[int], now: datetime) -> None:
    """Every listed member seen now, and in the course (one statement per chunk, whoever made the row)."""
    for start in range(0, len(user_ids), CHUNK):
        db.execute(
            update(Membership)
            .where(Membership.context_id == context_id, Membership.user_id.in_(user_ids[start : start + CHUNK]))
            .values(roster_seen_at=now, left_at=None)
            .execution_options(synchronize_session=False)
        )


def _mark_left(db: Session, context_id: int, now: datetime) -> int:
    """Every learner of the course a complete read did not list: left (kept, with all they did). Staff are
    not: an LMS lists teachers of a category or site administrators in no course roster, yet they launch."""
    left = db.execute(
        update(Membership)
        .where(Membership.context_id == context_id, Membership.left_at.is_(None), Membership.is_learner.is_(True),
               Membership.is_tutor.is_(False), Membership.is_admin.is_(False),
               or_(Membership.roster_seen_at.is_(None), Membership.roster_seen_at < now))
        .values(left_at=now)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return int(getattr(left, "rowcount", 0) or 0)

