"""The grade outbox and its delivery: each counted result waits here until the LMS gradebook has it.

A result is written in the transaction that records it, so it is never lost
between the service and the LMS; the grades worker (`flask grades worker`)
sends pending rows with AGS and records what each LMS column answered. One row
per person, course and module (a membership and a module): a newer result
replaces one not yet sent and bumps `version`, so a send that was under way
when it arrived cannot mark it delivered.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow

# AGS 2.0 score statuses (activityProgress, gradingProgress).
SUBMITTED, COMPLETED_ACTIVITY = "Submitted", "Completed"
FULLY_GRADED = "FullyGraded"

# What became of a result: waiting (first time or after a failure), in the LMS, or stopped with a reason.
PENDING, SENT = "pending", "sent"
FAILED = "failed"  # tried too often, or refused: `flask grades retry` puts it back
NOT_GRADABLE = "not_gradable"  # the LMS does not take a score for this person (not enrolled as a learner...)
NO_COLUMN = "no_column"  # the course has no column for this module, and the tool may not create one
STOPPED = (FAILED, NOT_GRADABLE, NO_COLUMN)


class GradeOutbox(Base):
    """A module's counted result for one membership, pending until every column of the LMS has it."""

    __tablename__ = "grade_outbox"
    __table_args__ = (
        UniqueConstraint("membership_id", "module_slug"),
        Index("ix_grade_outbox_due", "next_attempt_at", postgresql_where=text("status = 'pending'"),
              sqlite_where=text("status = 'pending'")),  # fmt: skip
        Index("ix_grade_outbox_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(100))
    score_given: Mapped[float] = mapped_column(Float)
    score_maximum: Mapped[float] = mapped_column(Float)
    activity_progress: Mapped[str] = mapped_column(String(20))
    grading_progress: Mapped[str] = mapped_column(String(20))
    # The AGS score's timestamp, fixed when the result is queued and one second past the previous one at
    # least: the LMS keeps a score only if it is newer, in whole seconds (Moodle answers 409 otherwise).
    timestamp: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    status: Mapped[str] = mapped_column(String(16), default=PENDING, server_default=PENDING)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A worker sending the row holds it until `lease_until`; a crashed worker's lease runs out.
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tries: Mapped[int] = mapped_column(Integer, default=0)
    last_tried_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error_kind: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)


class GradeDelivery(Base):
    """What one LMS column answered for one outbox row: which version it holds, or why it holds none."""

    __tablename__ = "grade_delivery"
    __table_args__ = (UniqueConstraint("outbox_id", "lineitem_url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("grade_outbox.id", ondelete="CASCADE"))
    lineitem_url: Mapped[str] = mapped_column(String(1000))
    sent_version: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GradeColumn(Base):
    """A gradebook column the tool creates itself, claimed by this row before it is created.

    The unique (course, resource) row is taken first, in its own transaction, so a
    retry or a second worker finds the claim instead of creating a second column;
    only columns claimed here are created again if they disappear. A column the
    teacher made is theirs to delete: its deletion is kept here (`removed_at`), and
    the tool creates no column for that module in that course afterwards.
    """

    __tablename__ = "grade_column"
    __table_args__ = (UniqueConstraint("context_id", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"))
    resource_id: Mapped[str] = mapped_column(String(100))
    lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A column of the module that the teacher made and then deleted: the tool creates none in its place.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class GradeWorkerLease(Base):
    """On SQLite, the one worker allowed to send: it renews `until` while it runs; another takes over after."""

    __tablename__ = "grade_worker_lease"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(64))
    until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
