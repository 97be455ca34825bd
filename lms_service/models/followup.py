"""What the référents' dashboard reads instead of counting: each LMS's alert rules, each course's figures.

The rules belong to the LMS (its administrator changes them for every course);
the figures are one row per course, recomputed by the worker after something
changed there, so a page of the dashboard reads five numbers, not 50,000 rows.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, pointer_index, utcnow

INACTIVE_DAYS, NOT_STARTED_DAYS, FAILED_ATTEMPTS = 7, 3, 2
REVIEW_WEEKS, SILENT_DAYS = 5, 30  # the nursery's length; « beyond a month » in the seed


class RiskRules(Base):
    """When a learner of this LMS is shown as needing a call; no row: the defaults."""

    __tablename__ = "risk_rules"
    __table_args__ = (pointer_index("risk_rules", "updated_by_id"),)

    lms_id: Mapped[int] = mapped_column(ForeignKey("lti_lms.id", ondelete="CASCADE"), primary_key=True)
    inactive_days: Mapped[int] = mapped_column(Integer, default=INACTIVE_DAYS)
    not_started_days: Mapped[int] = mapped_column(Integer, default=NOT_STARTED_DAYS)
    # Below this per cent at the entry test; None: the test's own pass score.
    entry_test_percent: Mapped[int | None] = mapped_column(Integer)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=FAILED_ATTEMPTS)
    # No review (bilan) this many weeks after entry; no news this many days after the review (or after
    # those weeks when there is none).
    review_weeks: Mapped[int] = mapped_column(Integer, default=REVIEW_WEEKS, server_default=str(REVIEW_WEEKS))
    silent_days: Mapped[int] = mapped_column(Integer, default=SILENT_DAYS, server_default=str(SILENT_DAYS))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when the rules change: the worker's next round applies them to every learner of the LMS.
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CourseFigures(Base):
    """A course's counts at the top of the dashboard, as the worker last computed them."""

    __tablename__ = "course_figures"

    context_id: Mapped[int] = mapped_column(ForeignKey("context.id", ondelete="CASCADE"), primary_key=True)
    learners: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[int] = mapped_column(Integer, default=0)  # some activity within the inactivity rule's days
    never_connected: Mapped[int] = mapped_column(Integer, default=0)
    nursery_done: Mapped[int] = mapped_column(Integer, default=0)
    at_risk: Mapped[int] = mapped_column(Integer, default=0)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set by a change the activity time does not show (a roster read, a learner's facts): recount soon.
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
