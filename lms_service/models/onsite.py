"""What happens on site: the sessions a référent holds, and who came.

A session belongs to a course; its attendance is one row per learner asked
about (present, absent or excused), each attributed. A present learner's
session counts as activity (`Membership.last_activity_at`), so the
inactivity alerts see people who come in person and never open a page.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, pointer_index, utcnow

PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"
ATTENDANCE = (PRESENT, ABSENT, EXCUSED)


class OnsiteSession(Base):
    """A session held with learners of a course, on site or by video: its day and what it was."""

    __tablename__ = "onsite_session"
    # One session per course, day and label: a double tap, or two référents noting the same workshop at once,
    # add to one session rather than making two.
    __table_args__ = (UniqueConstraint("context_id", "held_on", "label"),
                      Index("ix_onsite_session_context_day", "context_id", "held_on", "id"),
                      pointer_index("onsite_session", "created_by_id"))  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Attendance(Base):
    """Whether one learner came to one session, and who said so when."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "membership_id"),
        Index("ix_attendance_membership", "membership_id", "session_id"),
        pointer_index("attendance", "set_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("onsite_session.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
