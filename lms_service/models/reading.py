"""Reading progress at two grains: one row per page seen, one small materialised row per module.

The module row is updated in the same transaction as the page view, so lists of
learners never aggregate page rows.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, pointer_index, utcnow

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
READ = "read"  # every page seen, the quiz to pass (or the test or survey to submit) still ahead
COMPLETED = "completed"


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
        pointer_index("module_progress", "onsite_by_id"),
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
    # When the module's answers were done with: its quiz passed, or the test or survey submitted.
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Completed on site: the tutor who said so, and when (no score goes to the LMS for it).
    onsite_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    onsite_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The attempt that counts (best or last, as the module says), in per cent of its points; whether any
    # attempt passed; how many submitted attempts did not pass (the « quiz failed twice » alert).
    score_percent: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    # The database's default only: the page view's INSERT … SELECT would take a Python one as a parameter.
    failed_attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    # The module version the learner completed; pages added later show as new.
    completed_version: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
