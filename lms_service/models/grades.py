"""The grade outbox: each counted result waits here to be sent to the LMS gradebook.

A result is written in the transaction that records it, so it is never lost
between the service and the LMS; a worker (the gradebook issue) sends the
pending rows with AGS and marks them sent. One row per person, course and
module (a membership and a module): a newer result replaces one not yet sent.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow

# AGS 2.0 score statuses (activityProgress, gradingProgress).
SUBMITTED, COMPLETED_ACTIVITY = "Submitted", "Completed"
FULLY_GRADED = "FullyGraded"


class GradeOutbox(Base):
    """A module's counted result for one membership, pending until the LMS has it."""

    __tablename__ = "grade_outbox"
    __table_args__ = (
        UniqueConstraint("membership_id", "module_slug"),
        Index("ix_grade_outbox_pending", "updated_at", postgresql_where=text("sent_at IS NULL"),
              sqlite_where=text("sent_at IS NULL")),  # fmt: skip
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(100))
    score_given: Mapped[float] = mapped_column(Float)
    score_maximum: Mapped[float] = mapped_column(Float)
    activity_progress: Mapped[str] = mapped_column(String(20))
    grading_progress: Mapped[str] = mapped_column(String(20))
    # When the result was obtained (the AGS score's timestamp): the LMS keeps the newest.
    timestamp: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
