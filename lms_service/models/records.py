"""What a référent writes about a learner: notes, the end-of-nursery review (bilan), its follow-ups at 3 and
6 months, and notes on the orientation conversation; every change keeps the text it replaced.

The review's outcome is what funders ask about months later, so nothing here is
overwritten without a trace: before a row changes, its previous content goes to
`RecordRevision` (who changed it, when). Revisions hang off the learner's
membership, so erasing a learner erases their history with them.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, pointer_index, utcnow

# The review's outcomes, as stored; their words live with the pages.
ENTERED_TRAINING, PROJECT_DEFINED, JOB, REORIENTATION, DROPPED_OUT = (
    "training", "project", "job", "reorientation", "dropped_out")  # fmt: skip
OUTCOMES = (ENTERED_TRAINING, PROJECT_DEFINED, JOB, REORIENTATION, DROPPED_OUT)
# How the training is paid for: Programme régional de formation, Action de formation conventionnée (France
# Travail), Compte personnel de formation, Préparation opérationnelle à l'emploi collective / individuelle,
# alternance (apprentissage ou professionnalisation).
FINANCING = ("prf", "afc", "cpf", "poec", "poei", "alternance")
# What a follow-up found; the months after the review it is due.
IN_TRAINING, IN_JOB, SEARCHING, NO_NEWS = "in_training", "in_job", "searching", "no_news"
FOLLOW_UP_STATES = (IN_TRAINING, IN_JOB, SEARCHING, NO_NEWS)
FOLLOW_UP_MONTHS = (3, 6)
# What a revision is the earlier content of.
NOTE, REVIEW, FOLLOW_UP, ORIENTATION = "note", "review", "follow_up", "orientation"


class TutorNote(Base):
    """A dated note a tutor wrote about a learner (never health or money matters: the page says so)."""

    __tablename__ = "tutor_note"
    __table_args__ = (Index("ix_tutor_note_membership", "membership_id", "written_on", "id"),
                      pointer_index("tutor_note", "author_id"), pointer_index("tutor_note", "updated_by_id"))  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    written_on: Mapped[date] = mapped_column(Date)  # the day of the conversation, which the tutor may set
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class NurseryReview(Base):
    """The end-of-nursery review (bilan): one per learner in a course, its outcome and what comes next."""

    __tablename__ = "nursery_review"
    __table_args__ = (UniqueConstraint("membership_id"), pointer_index("nursery_review", "written_by_id"),
                      pointer_index("nursery_review", "updated_by_id"))  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20))
    dropout_reason: Mapped[str | None] = mapped_column(Text)
    training: Mapped[str | None] = mapped_column(String(255))
    organisation: Mapped[str | None] = mapped_column(String(255))
    financing: Mapped[str | None] = mapped_column(String(20))
    # Whether the training or job needs adjustments: yes or no, never why (a health detail).
    adjustments: Mapped[bool | None] = mapped_column(Boolean)
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewFollowUp(Base):
    """What happened 3 or 6 months after the review."""

    __tablename__ = "review_follow_up"
    __table_args__ = (UniqueConstraint("membership_id", "months"), pointer_index("review_follow_up", "set_by_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    months: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    noted_on: Mapped[date] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(Text)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OrientationNote(Base):
    """The référent's note on one job family, to prepare the orientation conversation (the learner reads it)."""

    __tablename__ = "orientation_note"
    __table_args__ = (UniqueConstraint("membership_id", "family"), pointer_index("orientation_note", "set_by_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    family: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RecordRevision(Base):
    """A record's content before a change: which record, what it held, who changed it and when."""

    __tablename__ = "record_revision"
    __table_args__ = (Index("ix_record_revision_record", "kind", "record_id", "id"),
                      pointer_index("record_revision", "changed_by_id"))  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
