"""The LTI layer's own tables: LMSs, their registrations and deployments, tool keys, login states,
launch data, registration links, service access tokens.

They sit on the service's declarative base (lms_service.db), the one thing lti/
imports from the service, so one migration history and one transaction cover both.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms_service.db import Base, utcnow

# A registration's status: only active ones may launch or reach the LMS's services.
ACTIVE = "active"
PENDING = "pending"


class Lms(Base):
    """An LMS: the tenant people and courses belong to (by `sub` and context id).

    By default one per issuer. An issuer shared by many institutions (hosted
    Canvas, Blackboard SaaS, or any the settings list) gets one per registration,
    until an administrator joins them (`flask lti join-lms`). Registering the tool
    again on the same LMS adds a registration to it and keeps every learner.
    """

    __tablename__ = "lti_lms"
    __table_args__ = (Index("ix_lti_lms_issuer", "issuer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    registrations: Mapped[list[Platform]] = relationship(back_populates="lms")


class Platform(Base):
    """One registration of the tool in an LMS, found by (issuer, client id): credentials, not an owner.

    Canvas gives every instance the same issuer, so the issuer alone is not a key.
    A registration whose endpoints an administrator has not vouched for stays
    pending: it can neither log in, launch nor fetch anything (lti.trust).
    """

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lms_id: Mapped[int] = mapped_column(ForeignKey("lti_lms.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200), default="")
    auth_login_url: Mapped[str] = mapped_column(String(1000))
    auth_token_url: Mapped[str] = mapped_column(String(1000))
    auth_audience: Mapped[str | None] = mapped_column(String(1000))
    key_set_url: Mapped[str] = mapped_column(String(1000))
    # The platform's JWKS as last fetched, so a launch costs no network call.
    key_set: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    key_set_fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE, server_default=text("'active'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    lms: Mapped[Lms] = relationship(back_populates="registrations")
    deployments: Mapped[list[Deployment]] = relationship(
        back_populates="platform", cascade="all, delete-orphan"
    )


class Deployment(Base):
    """A deployment id the platform may launch with; unknown ones are refused."""

    __tablename__ = "lti_deployment"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    platform: Mapped[Platform] = relationship(back_populates="deployments")


class ToolKey(Base):
    """An RSA key pair of the tool; the newest active one signs, all unretired ones are published."""

    __tablename__ = "lti_tool_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_key_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginState(Base):
    """The state and nonce of one OIDC login, recorded as used by the launch that answers it.

    The login writes nothing: its state is signed (lti.login_state). The launch
    inserts this row in its own transaction, and the unique state and nonce make
    a second launch with either find it there, so neither an id_token nor a nonce
    can be played twice. Kept until the state expires (`flask lti purge`).
    """

    __tablename__ = "lti_login_state"
    __table_args__ = (Index("ix_lti_login_state_expires_at", "expires_at"),)

    state: Mapped[str] = mapped_column(String(128), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(128), unique=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StoredValue(Base):
    """pylti1p3's launch data storage, in the database so every worker shares it."""

    __tablename__ = "lti_stored_value"
    __table_args__ = (Index("ix_lti_stored_value_expires_at", "expires_at"),)

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RegistrationLink(Base):
    """A one-time dynamic registration link an administrator printed (`flask lti registration-link`).

    Only the SHA-256 of the link's secret is kept. The link opens registration
    where it is otherwise closed (production without an allow-listed host) and is
    used up only by a registration that succeeds.
    """

    __tablename__ = "lti_registration_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("lti_platform.id", ondelete="SET NULL"))


class ServiceToken(Base):
    """An OAuth access token a registration earned for a set of scopes, shared by every process.

    The scope key is the SHA-256 of the sorted scopes, so each (registration,
    scope set) holds one token; the unique key lets two workers that fetched at
    once both write theirs without failing (lti.service_tokens). A secret: never
    logged, never shown.
    """

    __tablename__ = "lti_service_token"
    __table_args__ = (UniqueConstraint("platform_id", "scope_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    scope_key: Mapped[str] = mapped_column(String(64))
    token: Mapped[str] = mapped_column(Text)
    granted_scopes: Mapped[list[str]] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
