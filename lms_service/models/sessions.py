"""Launch sessions, kept server side (lms_service.sessions)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, utcnow
from .people import Membership


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
