"""How long personal data is kept: the settings, the cut-off dates they give, and which records are past them.

A person's record in a course is kept while there is a sign of life there: a
launch, an activity (a page, an answer, an attended session), the LMS's roster
still listing them, a review (bilan) or a follow-up written about them. Funders
ask about outcomes months after the nursery, so the clock starts at the latest
of these, not at entry. Dates stored as days (entry, review, follow-up) are
compared with the cut-off's day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_

from ..models import Membership, NurseryReview, ReviewFollowUp
from ..months import shift_months


@dataclass(frozen=True)
class Cutoffs:
    """Records silent since before `data`, and audit events older than `audit`, are due for deletion."""

    data: datetime
    audit: datetime


def cutoffs(now: datetime, config: Any) -> Cutoffs:
    """The cut-offs the app's settings give at `now` (config: the Flask config, or any mapping of settings)."""
    return Cutoffs(data=shift_months(now, -int(config["DATA_RETENTION_MONTHS"])),
                   audit=shift_months(now, -int(config["AUDIT_RETENTION_MONTHS"])))  # fmt: skip


def silent_since(cutoff: datetime) -> ColumnElement[bool]:
    """True for a membership with no sign of life on or after `cutoff` (a condition on `Membership`).

    Written as « each sign is missing or older » rather than « the latest is older »: SQLite's max() of
    several values is NULL as soon as one is, PostgreSQL's greatest() ignores NULLs.
    """
    day = cutoff.date()
    return and_(
        or_(Membership.last_launch_at.is_(None), Membership.last_launch_at < cutoff),
        or_(Membership.last_activity_at.is_(None), Membership.last_activity_at < cutoff),
        or_(Membership.roster_seen_at.is_(None), Membership.roster_seen_at < cutoff),
        Membership.entry_date < day,
        ~exists().where(NurseryReview.membership_id == Membership.id, NurseryReview.held_on >= day),
        ~exists().where(ReviewFollowUp.membership_id == Membership.id, ReviewFollowUp.noted_on >= day),
    )
