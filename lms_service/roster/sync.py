"""Store a roster read from the LMS: people found or created, memberships of those who never launched, and
members marked as left — only after a read of every page, since a partial read proves nobody's absence.

The roster is hostile input checked by lti/ (ids, lengths, statuses). It names
people by their LTI `sub`, as launches do, so a learner's later first launch
finds the same person and membership. NRPS gives no enrolment date: a member
first seen here enters on the sync's day, marked « estimée » for the référent to
confirm. A person who launched keeps the roles of their last launch (it also
carries a mentor's scope); the roster gives roles to those who never launched.

A course of 10,000 is stored in a bounded number of statements: the course's
people and memberships are read in one query, people known from other courses
CHUNK at a time, and the new ones inserted in batches (one executemany each),
every insert ignoring a row a concurrent launch made first (ON CONFLICT DO
NOTHING, on SQLite and PostgreSQL alike), which is then found again. A name the
roster gives replaces the person's (a name it leaves out is kept: Moodle hides
names by its privacy settings), and the person's folded name key
(lms_service/name_keys.py) follows onto every membership they have, in every
course; so does the key of a person whose membership here had another one.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Column, Select, Table, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from lti.message import parse_role

from ..models import Membership, User
from ..name_keys import name_key
from ..roles import map_roles

ACTIVE = "Active"
CHUNK = 500  # ids per IN (…): well under every database's parameter limit
NAMES = ("name", "given_name", "family_name", "email")
ROLES = ("roles", "is_learner", "is_tutor", "is_author", "is_admin", "is_mentor")
_memberships: Table = Membership.__table__  # type: ignore[assignment]
_users: Table = User.__table__  # type: ignore[assignment]
# A person's key on every membership they have, one executemany for all the people renamed.
_SET_KEY = (update(_memberships).where(_memberships.c.user_id == bindparam("u"), _memberships.c.name_key != bindparam("k"))
            .values(name_key=bindparam("k")))  # fmt: skip


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
    enrolled = _enrolled(db, context_id, present)
    people = _people(db, lms_id, present, enrolled, applied)
    new: list[dict[str, object]] = []
    roles: list[dict[str, object]] = []
    keys: list[dict[str, object]] = []
    for sub, member in present.items():
        person, membership = people[sub], enrolled.get(sub)
        if membership is None:
            new.append({"context_id": context_id, "user_id": person.id, "entry_date": today,
                        "entry_date_estimated": True, "first_launch_at": None, "last_launch_at": None,
                        "roster_seen_at": now, "name_key": person.key, **_role_values(member)})  # fmt: skip
            continue
        applied.back += membership.left_at is not None
        if membership.first_launch_at is None:  # never launched: the roster's roles are theirs
            values = _role_values(member)
            if any(getattr(membership, name) != values[name] for name in ROLES):
                roles.append({"id": membership.membership_id, **values})
        if membership.name_key != person.key and not person.renamed:
            keys.append({"u": person.id, "k": person.key})
    applied.new_members = len(_insert_ignoring_conflicts(db, _memberships, new, _memberships.c.id))
    if roles:
        db.execute(update(Membership), roles)  # by primary key, one executemany
    if keys:
        db.execute(_SET_KEY, keys)
    _mark_seen(db, context_id, [person.id for person in people.values()], now)  # also a launch's row meanwhile
    if complete:
        applied.left = _mark_left(db, context_id, now)
    return applied


@dataclass(frozen=True)
class _Person:
    id: int
    key: str  # the folded name key (lms_service/name_keys.py)
    renamed: bool = False  # the roster changed their name: their key was set on all their memberships


_PERSON = (User.id, User.sub, *(getattr(User, name) for name in NAMES))


def _enrolled(db: Session, context_id: int, present: dict[str, RosterMember]) -> dict[str, Row[Any]]:
    """The listed people already in the course, with their names and membership, in one query over the course
    (a read of a known course, every six hours, needs no other look-up)."""
    query: Select[Any] = (select(*_PERSON, Membership.id.label("membership_id"), Membership.left_at, Membership.first_launch_at,
                    Membership.name_key, *(getattr(Membership, name) for name in ROLES))
             .join(Membership, Membership.user_id == User.id).where(Membership.context_id == context_id))  # fmt: skip
    return {row.sub: row for row in db.execute(query) if row.sub in present}


def _people(db: Session, lms_id: int, present: dict[str, RosterMember], enrolled: dict[str, Row[Any]],
            applied: Applied) -> dict[str, _Person]:  # fmt: skip
    """Every member's person: the new ones created in batches, the known ones renamed as the roster says."""
    stored: dict[str, Row[Any]] = dict(enrolled)
    stored |= _stored_people(db, lms_id, [sub for sub in present if sub not in stored])  # known in other courses
    missing = [sub for sub in present if sub not in stored]
    rows = [{"lms_id": lms_id, "sub": sub, **{name: getattr(present[sub], name) for name in NAMES}} for sub in missing]
    created = {row.sub: row.id for row in _insert_ignoring_conflicts(db, _users, rows, _users.c.sub, _users.c.id)}
    applied.new_people = len(created)
    people = {sub: _Person(id, _key(present[sub])) for sub, id in created.items()}
    stored |= _stored_people(db, lms_id, [sub for sub in missing if sub not in created])  # a launch made them
    renames: list[dict[str, Any]] = []
    for sub, row in stored.items():
        said = {name: getattr(present[sub], name) or getattr(row, name) for name in NAMES}  # none erased
        if all(said[name] == getattr(row, name) for name in NAMES):
            people[sub] = _Person(row.id, _key(row))
            continue
        key = name_key(said["given_name"], said["family_name"], said["name"], said["email"])
        renames.append({"id": row.id, **said, "_old_key": _key(row), "_key": key})
        people[sub] = _Person(row.id, key, renamed=True)
    if renames:
        db.execute(update(User), [{k: v for k, v in r.items() if not k.startswith("_")} for r in renames])
        rekeyed = [{"u": r["id"], "k": r["_key"]} for r in renames if r["_key"] != r["_old_key"]]
        if rekeyed:
            db.execute(_SET_KEY, rekeyed)  # on every membership of theirs, in every course
    return people


def _stored_people(db: Session, lms_id: int, subs: list[str]) -> dict[str, Row[Any]]:
    found: dict[str, Row[Any]] = {}
    for start in range(0, len(subs), CHUNK):
        rows = db.execute(select(*_PERSON).where(User.lms_id == lms_id, User.sub.in_(subs[start : start + CHUNK])))
        found |= {row.sub: row for row in rows}
    return found


def _key(person: Row[Any] | RosterMember) -> str:
    return name_key(person.given_name, person.family_name, person.name, person.email)


def _insert_ignoring_conflicts(db: Session, table: Table, rows: list[dict[str, object]],
                               *returned: Column[Any]) -> list[Row[Any]]:  # fmt: skip
    """Insert the rows in batches (one executemany each); a row whose unique key exists is left as it is.
    The `returned` columns of the rows inserted."""
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    # Core, not the ORM's bulk insert, which leaves a None out so that the column's default fills it in
    # (first_launch_at would become now).
    statement = dialect.insert(table).on_conflict_do_nothing().returning(*returned)
    inserted: list[Row[Any]] = []
    for start in range(0, len(rows), CHUNK):
        inserted += db.execute(statement, rows[start : start + CHUNK]).all()
    return inserted


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

