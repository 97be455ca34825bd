"""Launch sessions: what the token in a launched page's links opens, kept server side.

A launch opens a session for one membership. Its token rides in every link and
form (an LMS iframe may drop third-party cookies, and two tabs in two courses
must never mix); only its SHA-256 is stored. The session ends when idle
(LAUNCH_SESSION_IDLE) and at the latest LAUNCH_SESSION_MAX_AGE after the launch,
and can be revoked. A cookie named after the session, set at launch, binds it
to the browser that launched: once that browser has sent the cookie back, the
token without it opens nothing, so a copied link is useless elsewhere. A
browser that keeps no cookie in frames never binds its session, which then
works with the token alone until it ends.
"""
from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Connection, RowMapping, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from ..db import affected, as_utc
from ..models import Context, LaunchSession, Membership, User, follows_learners

COOKIE_PREFIX = "ls_"
# The idle clock is written at most this often: a page view must not cost a write for it.
IDLE_CLOCK_STEP = timedelta(minutes=1)


class State(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"  # idle too long, past its absolute limit, or revoked: launch again
    UNKNOWN = "unknown"  # no such session: a forged or mistyped token
    OTHER_BROWSER = "other_browser"  # bound to a browser, and this request is not from it


# Every request of a launched page runs this: built once, it only binds the token's hash. It reads
# plain columns, not ORM objects: building four mapped objects cost more than the query itself.
_SESSION_COLUMNS = ("id", "binding_hash", "bound_at", "last_seen_at", "expires_at", "revoked_at",
                    "frame_origin", "return_url", "deep_linking_launch_id")  # fmt: skip
_MEMBER_COLUMNS = ("id", "context_id", "user_id", "is_learner", "is_tutor", "is_author", "is_admin", "is_mentor",
                   "mentor_scope")  # fmt: skip
_ACTIVITY_COLUMNS = ("last_activity_at", "last_page_module", "last_page_id")
_FIND = (
    select(
        *(LaunchSession.__table__.c[name].label(f"s_{name}") for name in _SESSION_COLUMNS),
        *(Membership.__table__.c[name].label(f"m_{name}") for name in _MEMBER_COLUMNS + _ACTIVITY_COLUMNS),
        func.coalesce(User.given_name, User.name).label("greeting_name"),
        User.locale,
        Context.has_course,
        Context.title.label("course_title"),
        Context.label.label("course_label"),
    )
    .join(Membership, LaunchSession.membership_id == Membership.id)
    .join(User, Membership.user_id == User.id)
    .join(Context, Membership.context_id == Context.id)
    .where(LaunchSession.token_hash == bindparam("token_hash"))
)
# The same, taking the membership's row for the request's transaction (a view that records what the
# person does): their requests then follow one another. A row lock on PostgreSQL; SQLite has none.
_FIND_AND_TAKE = _FIND.with_for_update(of=Membership.__table__, key_share=True)
# SQLite's way to take it: a write that changes nothing takes the database's write lock, and returns
# the last activity as it is once the lock is held.
TAKE = (
    update(Membership)
    .where(Membership.id == bindparam("m"))
    .values(last_activity_at=Membership.last_activity_at)
    .returning(Membership.last_activity_at, Membership.last_page_module, Membership.last_page_id)
)


@dataclass(frozen=True)
class LastActivity:
    """When the person last did something, and on which page."""

    at: datetime | None
    module: str | None
    page_id: str | None


@dataclass(frozen=True)
class Member:
    """The launched person in their course, as a request sees them: plain values read with the session.

    Pages read these facts (who, which course, which roles); writes go through the models.
    """

    id: int
    context_id: int
    user_id: int
    is_learner: bool
    is_tutor: bool
    is_author: bool
    is_admin: bool
    is_mentor: bool
    mentor_scope: list[str]
    greeting_name: str | None  # given name, else full name, as the LMS sent them
    locale: str | None  # the language the LMS gave for them
    has_course: bool  # False when the LMS launched outside a course
    course_name: str  # its title, else its short label
    # Read under the membership's lock when the lookup took it (records_activity), else None.
    taken: LastActivity | None = None

    @property
    def is_staff(self) -> bool:
        return follows_learners(self)

    @property
    def writes(self) -> bool:
        """A référent or an administrator: may change what the tutor pages show, and reads contact details; a
        mentor follows its learners, read only and without them."""
        return self.is_tutor or self.is_admin


@dataclass(frozen=True)
class OpenSession:
    """A launch session's row, with its member."""

    id: int
    binding_hash: str
    bound_at: datetime | None
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    frame_origin: str | None
    return_url: str | None
    deep_linking_launch_id: str | None
    member: Member


@dataclass(frozen=True)
class Limits:
    idle: timedelta
    max_age: timedelta


@dataclass(frozen=True)
class Opened:
    """What the launch response hands the browser: the token for links, and the binding cookie."""

    token: str
    cookie_name: str
    cookie_value: str
    max_age: timedelta


@dataclass(frozen=True)
class Resumed:
    state: State
    session: OpenSession | None = None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def cookie_name(token_hash: str) -> str:
    """The binding cookie's name: one per session, so sessions in two tabs keep their own."""
    return COOKIE_PREFIX + token_hash[:20]


def open_session(
    db: Session,
    membership: Membership,
    limits: Limits,
    now: datetime,
    *,
    frame_origin: str | None,
    return_url: str | None,
    deep_linking_launch_id: str | None = None,
) -> Opened:
    """Start the session of one launch."""
    token, binding = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    token_hash = _digest(token)
    db.add(
        LaunchSession(
            token_hash=token_hash,
            membership=membership,
            deep_linking_launch_id=deep_linking_launch_id,
            frame_origin=frame_origin,
            return_url=return_url,
            binding_hash=_digest(binding),
            created_at=now,
            last_seen_at=now,
            expires_at=now + limits.max_age,
        )
    )
    return Opened(token=token, cookie_name=cookie_name(token_hash), cookie_value=binding, max_age=limits.max_age)


def resume(
    db: Session, token: str, cookies: Mapping[str, str], limits: Limits, now: datetime, *, take: bool = False
) -> Resumed:
    """Find the session a request's token names and decide whether it may go on; `take` locks the membership."""
    token_hash = _digest(token)
    conn = db.connection()
    row = conn.execute(_FIND_AND_TAKE if take else _FIND, {"token_hash": token_hash}).first()
    if row is None:
        return Resumed(State.UNKNOWN)
    locked = take and conn.dialect.name != "sqlite"  # SQLite has no row locks: it takes its write lock next
    found = _read(row._mapping, taken=locked)
    if take and not locked:
        taken = _taken_on_sqlite(conn, found)
        if taken is None:
            return Resumed(State.UNKNOWN)  # the person was erased between the lookup and the write lock
        found = taken
    if _ended(found, limits, now):
        return Resumed(State.EXPIRED, found)
    cookie = cookies.get(cookie_name(token_hash))
    if cookie is not None and not hmac.compare_digest(_digest(cookie), found.binding_hash):
        return Resumed(State.OTHER_BROWSER, found)
    if cookie is None and found.bound_at is not None:
        return Resumed(State.OTHER_BROWSER, found)
    _touch(db, found, bind=cookie is not None and found.bound_at is None, now=now)
    return Resumed(State.VALID, found)


def _read(values: RowMapping, *, taken: bool) -> OpenSession:
    activity = LastActivity(*(values[f"m_{name}"] for name in _ACTIVITY_COLUMNS))
    member = Member(
        **{name: values[f"m_{name}"] for name in _MEMBER_COLUMNS},
        greeting_name=values["greeting_name"],
        locale=values["locale"],
        has_course=values["has_course"],
        course_name=values["course_title"] or values["course_label"],
        taken=activity if taken else None,
    )
    return OpenSession(**{name: values[f"s_{name}"] for name in _SESSION_COLUMNS}, member=member)


def _taken_on_sqlite(conn: Connection, found: OpenSession) -> OpenSession | None:
    """The lookup read without a lock (SQLite has no row locks): take the write lock, read again; None when the
    membership is gone meanwhile (an erasure, a purge)."""
    row = conn.execute(TAKE, {"m": found.member.id}).first()
    return replace(found, member=replace(found.member, taken=LastActivity(*row))) if row is not None else None


def _ended(found: OpenSession, limits: Limits, now: datetime) -> bool:
    return (
        found.revoked_at is not None
        or as_utc(found.expires_at) <= now
        or as_utc(found.last_seen_at) + limits.idle <= now
    )


def _touch(db: Session, found: OpenSession, *, bind: bool, now: datetime) -> None:
    """Bind the session to this browser the first time its cookie comes back; move the idle clock."""
    values: dict[str, datetime] = {}
    if bind:
        values["bound_at"] = now
    if now - as_utc(found.last_seen_at) >= IDLE_CLOCK_STEP:
        values["last_seen_at"] = now
    if values:
        db.execute(
            update(LaunchSession)
            .where(LaunchSession.id == found.id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def revoke_for_user(db: Session, user_id: int, now: datetime) -> int:
    """End every open session of one person (a lost phone, a shared computer); returns how many."""
    memberships = select(Membership.id).where(Membership.user_id == user_id)
    result = db.execute(
        update(LaunchSession)
        .where(LaunchSession.membership_id.in_(memberships), LaunchSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return affected(result)


def purge(db: Session, now: datetime, keep: timedelta) -> int:
    """Delete sessions that ended more than `keep` ago (until then, their links say "expired")."""
    result = db.execute(delete(LaunchSession).where(LaunchSession.expires_at < now - keep))
    return affected(result)
