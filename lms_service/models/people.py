"""People and courses of an LMS: who is in which course, with which roles, and the référents' facts."""
from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti.models import Lms

from ..db import Base, pointer_index, utcnow

ON_SITE = "on_site"
REMOTE = "remote"


class Context(Base):
    """A course of an LMS, as the launch names it (or a stand-in when the launch names none)."""

    __tablename__ = "context"
    __table_args__ = (UniqueConstraint("lms_id", "lti_context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lms_id: Mapped[int] = mapped_column(ForeignKey("lti_lms.id"))
    lti_context_id: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(255), default="")
    title: Mapped[str] = mapped_column(String(255), default="")
    # False when the launch carried no context claim: there is no course to follow.
    has_course: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The roster (NRPS): asked for by a tutor's launch, read by the worker (never in a web request); a
    # worker holds the course while it reads every page, and only a complete read marks members as left.
    roster_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    roster_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    roster_lease_owner: Mapped[str | None] = mapped_column(String(64))
    roster_lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    roster_error: Mapped[str | None] = mapped_column(Text)

    lms: Mapped[Lms] = relationship()


class User(Base):
    """A person of one LMS, known by the LMS's `sub`, whichever registration they launched through."""

    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("lms_id", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lms_id: Mapped[int] = mapped_column(ForeignKey("lti_lms.id"))
    sub: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255))
    given_name: Mapped[str | None] = mapped_column(String(255))
    family_name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    locale: Mapped[str | None] = mapped_column(String(35))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def display_name(self) -> str:
        return person_name(self.name, self.given_name, self.family_name, self.email, self.sub)


def person_name(name: str | None, given: str | None, family: str | None, email: str | None, sub: str) -> str:
    """What people read: the name, else the email, else a neutral label."""
    full = " ".join(p for p in (given, family) if p)
    return name or full or email or f"Personne {sub[:8]}"


class Membership(Base):
    """A user in a context, with the roles of their last launch and the tutors' facts about them."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("context_id", "user_id"),
        # One index per order the référents' list offers, the id last: each page starts where the last
        # ended (keyset), so a page costs the same at the start or the end of a course of 50,000.
        Index("ix_membership_context_activity", "context_id", "is_learner", "last_activity_at", "id"),
        Index("ix_membership_context_name", "context_id", "is_learner", "name_key", "id"),
        Index("ix_membership_context_entry", "context_id", "is_learner", "entry_date", "id"),
        Index("ix_membership_context_risk", "context_id", "is_learner", "risk_reasons", "id"),
        Index("ix_membership_context_referent", "context_id", "referent_id"),
        Index("ix_membership_context_tutor", "context_id", "is_tutor"),  # who may be a référent, in a big course
        Index("ix_membership_user", "user_id"),  # a person's memberships, when the person is erased or purged
        pointer_index("membership", "referent_id"),
        pointer_index("membership", "referent_set_by_id"),
        pointer_index("membership", "facts_set_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_learner: Mapped[bool] = mapped_column(Boolean, default=True)
    is_tutor: Mapped[bool] = mapped_column(Boolean, default=False)
    is_author: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_mentor: Mapped[bool] = mapped_column(Boolean, default=False)
    # The `sub`s a mentor may follow (role_scope_mentor claim).
    mentor_scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    modality: Mapped[str | None] = mapped_column(String(16), index=True)
    entry_date: Mapped[date] = mapped_column(Date)
    # NRPS gives no enrolment date: someone first seen in the roster enters on the sync's day, « estimée »
    # until a référent confirms it.
    entry_date_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # None: known from the roster only, never launched (« jamais connecté »).
    first_launch_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_launch_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The roster: when it last listed this person, and when a complete read no longer did (left the course).
    roster_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The référent (a tutor of the course) who follows this learner; who assigned them, and when.
    referent_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    referent_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    referent_set_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who last changed the entry date or modality, and when (every change attributed).
    facts_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    facts_set_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The person's name folded for sorting and searching (lms_service/name_keys.py), kept with the course.
    name_key: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # Why this learner may need a call, as bits of lms_service/risk/reasons.py (0: nothing); the most
    # urgent reason is the highest bit, so sorting on the number sorts by urgency.
    risk_reasons: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When every module of the nursery was first found completed.
    nursery_done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The page last shown, so the time until the next request is credited to it.
    last_page_module: Mapped[str | None] = mapped_column(String(100))
    last_page_id: Mapped[str | None] = mapped_column(String(100))

    context: Mapped[Context] = relationship()
    user: Mapped[User] = relationship()

    @property
    def never_launched(self) -> bool:
        return self.first_launch_at is None

    @property
    def is_staff(self) -> bool:
        return follows_learners(self)


class _Roles(Protocol):
    @property
    def is_tutor(self) -> bool: ...
    @property
    def is_admin(self) -> bool: ...
    @property
    def is_mentor(self) -> bool: ...


def follows_learners(roles: _Roles) -> bool:
    """Sees the tutor pages: tutors, mentors (scoped) and administrators."""
    return roles.is_tutor or roles.is_admin or roles.is_mentor
