"""Attempts at a module's questions and the answers given in each.

An attempt keeps the ids of the questions it asked, in order, so it can be
shown again exactly as it was after the module changes (or, for the entry test,
after another draw). Each answer is saved as it is given, in its own row, so a
reload or a dropped connection loses nothing. A person has at most one open
(unsubmitted) attempt per module: a unique index says so, whatever the race.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class Attempt(Base):
    """One go at a module's questions: what was asked, when, and its result once submitted."""

    __tablename__ = "attempt"
    __table_args__ = (
        UniqueConstraint("membership_id", "module_slug", "number"),
        Index(
            "uq_attempt_open",
            "membership_id",
            "module_slug",
            unique=True,
            postgresql_where=text("submitted_at IS NULL"),
            sqlite_where=text("submitted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(100))
    module_version: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)  # 1 for the first attempt at this module
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    score_given: Mapped[float | None] = mapped_column(Float)
    score_maximum: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    # Counts the saves: a form sent from a page older than the last save (another tab, another
    # device) would overwrite answers it never showed, and is refused.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # The entry test's draw, section by section (assessments.draw.to_json): None for a module's quiz.
    drawn: Mapped[list[Any] | None] = mapped_column(JSON)
    # A timed test's end, extra time included: answers are taken until then, never after.
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def percent(self) -> int | None:
        """The score in per cent of the points (what pass_score is compared with); None before submission."""
        if self.score_given is None or not self.score_maximum:
            return None
        return int(100 * self.score_given / self.score_maximum)


class Answer(Base):
    """The answer given to one question of an attempt, as the question read it from the form."""

    __tablename__ = "answer"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AttemptAllowance(Base):
    """What a référent granted one learner for one module beyond its rules: more attempts, more time."""

    __tablename__ = "attempt_allowance"
    __table_args__ = (Index("ix_attempt_allowance_granted_by_id", "granted_by_id"),)

    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), primary_key=True)
    module_slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    extra_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Minutes added to a timed test's limit, for each attempt (an accessibility need, WCAG 2.2.1).
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
