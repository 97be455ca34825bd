"""Who read or took what about a learner: the audit trail the GDPR asks a controller to be able to show.

One row per learner page read, per export and per erasure, attributed to
the tutor's membership and their LMS. The subject is kept as a membership id
only (no name), set to NULL when that learner is erased.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, pointer_index, utcnow

READ_LEARNER, PRINT_REVIEW, EXPORT, ERASE = "read_learner", "print_review", "export", "erase"


class AuditEvent(Base):
    """One read, export or erasure: who, when, what (the export's name), about whom or which course."""

    __tablename__ = "audit_event"
    # By LMS and time (the purge), by LMS, action and time (the exports page's last downloads, among many
    # more reads), by subject (a person's own events).
    __table_args__ = (Index("ix_audit_event_lms_at", "lms_id", "at"), Index("ix_audit_event_lms_action_at", "lms_id",
                      "action", "at"), Index("ix_audit_event_subject", "subject_id"),
                      pointer_index("audit_event", "actor_id"), pointer_index("audit_event", "context_id"))  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    lms_id: Mapped[int] = mapped_column(ForeignKey("lti_lms.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    what: Mapped[str] = mapped_column(String(100), default="")
    context_id: Mapped[int | None] = mapped_column(ForeignKey("context.id", ondelete="SET NULL"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
