"""The service's tables: courses, people, memberships, resource links, and reading progress.

Progress is kept at two grains: one row per page seen (what, when, how long) and
one small materialised row per (membership, module), updated in the same
transaction as the page view, so lists of learners never aggregate page rows.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti.models import Lms

from .db import Base, utcnow

ON_SITE = "on_site"
REMOTE = "remote"

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"


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
        """What people read: the name, else the email, else a neutral label."""
        full = " ".join(p for p in (self.given_name, self.family_name) if p)
        return self.name or full or self.email or f"Personne {self.sub[:8]}"


class Membership(Base):
    """A user in a context, with the roles of their last launch and the tutors' facts about them."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("context_id", "user_id"),
        Index("ix_membership_context_learner", "context_id", "is_learner", "last_activity_at"),
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
    first_launch_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_launch_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The page last shown, so the time until the next request is credited to it.
    last_page_module: Mapped[str | None] = mapped_column(String(100))
    last_page_id: Mapped[str | None] = mapped_column(String(100))

    context: Mapped[Context] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_staff(self) -> bool:
        """Sees the tutor pages: tutors, mentors (scoped) and administrators."""
        return self.is_tutor or self.is_admin or self.is_mentor


class ResourceLink(Base):
    """A placement of the tool in a course, with the service endpoints the launch gave.

    It keeps the registration that issued it: score and roster calls go out with
    that registration's credentials. Removing the registration keeps the link
    (and everyone's data) but ends its grade delivery until it launches again.
    """

    __tablename__ = "resource_link"
    __table_args__ = (UniqueConstraint("context_id", "lti_resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("lti_platform.id", ondelete="SET NULL"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    lti_resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    ags_lineitems_url: Mapped[str | None] = mapped_column(String(1000))
    ags_lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    ags_scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    nrps_url: Mapped[str | None] = mapped_column(String(1000))
    custom: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class PageView(Base):
    """A page a learner has seen: first and last time, and the reading time credited to it."""

    __tablename__ = "page_view"
    __table_args__ = (UniqueConstraint("membership_id", "module_slug", "page_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(100))
    page_id: Mapped[str] = mapped_column(String(100))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seconds_spent: Mapped[int] = mapped_column(Integer, default=0)


class ModuleProgress(Base):
    """Where a learner is in one module: the row tutor lists read."""

    __tablename__ = "module_progress"
    __table_args__ = (
        UniqueConstraint("membership_id", "module_slug"),
        Index("ix_module_progress_module_status", "module_slug", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default=NOT_STARTED)
    pages_seen: Mapped[int] = mapped_column(Integer, default=0)
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    seconds_spent: Mapped[int] = mapped_column(Integer, default=0)
    last_page_id: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The module version the learner completed; pages added later show as new.
    completed_version: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LaunchSession(Base):
    """What the launch token in a page's links names (DESIGN.md, data flow 2).

    Kept server side so it can be revoked and expire when idle; the token in the
    URL is stored only as its SHA-256. A cookie named after the session binds it to
    the browser that launched, once that browser sends the cookie back; from then
    on the token alone (a copied link) opens nothing.
    """

    __tablename__ = "launch_session"
    __table_args__ = (Index("ix_launch_session_expires_at", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    # Set only for a deep linking launch: the platform's request to answer.
    deep_linking_launch_id: Mapped[str | None] = mapped_column(String(255))
    # The LMS's web origin: the one site besides the tool that may frame its pages.
    frame_origin: Mapped[str | None] = mapped_column(String(300))
    # Where "back to the course" leads (the launch's launch_presentation.return_url).
    return_url: Mapped[str | None] = mapped_column(String(1000))
    binding_hash: Mapped[str] = mapped_column(String(64))
    bound_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    membership: Mapped[Membership] = relationship()


class ModuleVersion(Base):
    """A version of a module that loaded without a problem, kept so every worker can serve it.

    A worker that starts while a module's file is broken serves the last good
    version from here, as the workers already running do; an image URL names a
    version, and any worker can answer it from here.
    """

    __tablename__ = "module_version"
    __table_args__ = (Index("ix_module_version_slug_loaded_at", "slug", "loaded_at"),)

    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    # Last time a worker loaded this version from the modules folder: the newest is the last good one.
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ModuleFile(Base):
    """A file of a module version: its module.md, or an image under images/."""

    __tablename__ = "module_file"

    version: Mapped[str] = mapped_column(
        String(64), ForeignKey("module_version.version", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(String(300), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
