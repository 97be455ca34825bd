"""What became of a learner 3 and 6 months after the review: in training, in a job, searching, or no news.

A follow-up belongs to a review (none can be noted before it); noting it again
changes it and keeps what it said before, with who had noted it (records.history).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from sqlalchemy import select

from ..db import get_session, utcnow
from ..local_time import paris_today
from ..models import NurseryReview, ReviewFollowUp
from ..models.records import FOLLOW_UP, FOLLOW_UP_MONTHS, FOLLOW_UP_STATES
from . import history
from .fields import read_choice, read_day, read_text
from .locks import take_learner
from .versions import Version, as_stored, signed_versions

MAX_COMMENT = 1000
FIELDS = ("state", "noted_on", "comment")
KEPT = (*FIELDS, "set_by_id", "set_at")  # a revision keeps who had noted it: the row's own author changes


@dataclass(frozen=True)
class FollowUpInput:
    state: str
    noted_on: date
    comment: str | None


@dataclass(frozen=True)
class FollowUpRecord:
    row: ReviewFollowUp
    versions: list[Version]  # newest first, the first being the follow-up now


def labels() -> dict[str, str]:
    return {"state": gettext("Situation"), "noted_on": gettext("Date du suivi"), "comment": gettext("Commentaire")}


def read_follow_up(form: Mapping[str, str], review: NurseryReview) -> tuple[FollowUpInput | None, list[str]]:
    """The state found, the day it was noted (from the review's day to today), an optional short comment."""
    errors: list[str] = []
    words = labels()
    state = read_choice(form, "state", words["state"], FOLLOW_UP_STATES, errors)
    noted_on = read_day(form, "noted_on", words["noted_on"], errors, low=review.held_on, high=paris_today())
    comment = read_text(form, "comment", words["comment"], MAX_COMMENT, errors)
    if errors or state is None or noted_on is None:
        return None, errors
    return FollowUpInput(state, noted_on, comment), []


def reviewed(membership_id: int) -> NurseryReview | None:
    """The review a follow-up hangs on, read once the learner is taken (a review saved meanwhile is seen)."""
    take_learner(membership_id)
    return get_session().scalars(select(NurseryReview).where(NurseryReview.membership_id == membership_id)).first()


def save_follow_up(membership_id: int, months: int, values: FollowUpInput, *, by: int) -> ReviewFollowUp:
    """Note the follow-up, or change it keeping what it said; the caller took the learner (`reviewed`)."""
    db = get_session()
    row = db.scalars(select(ReviewFollowUp).where(ReviewFollowUp.membership_id == membership_id,
                                                  ReviewFollowUp.months == months)).first()  # fmt: skip
    if row is None:
        row = ReviewFollowUp(membership_id=membership_id, months=months)
        db.add(row)
    elif (row.state, row.noted_on, row.comment) == (values.state, values.noted_on, values.comment):
        return row
    else:
        history.keep(FOLLOW_UP, row, KEPT, membership_id=membership_id, by=by)
    row.state, row.noted_on, row.comment = values.state, values.noted_on, values.comment
    row.set_by_id, row.set_at = by, utcnow()
    db.flush()
    return row


def form_values(row: ReviewFollowUp | None, today: date) -> dict[str, str]:
    """What the form shows before anything is typed: the follow-up as noted, else today."""
    if row is None:
        return {"noted_on": today.isoformat()}
    return {"state": row.state, "noted_on": row.noted_on.isoformat(), "comment": row.comment or ""}


def follow_ups_of(membership_id: int) -> dict[int, FollowUpRecord]:
    """The learner's follow-ups by months after the review, with their versions (two queries)."""
    rows = list(get_session().scalars(select(ReviewFollowUp).where(ReviewFollowUp.membership_id == membership_id,
                                                                   ReviewFollowUp.months.in_(FOLLOW_UP_MONTHS))))  # fmt: skip
    earlier = history.revisions(FOLLOW_UP, [row.id for row in rows])
    return {row.months: FollowUpRecord(row, signed_versions(as_stored(row, FIELDS), (row.set_by_id, row.set_at),
                                                            earlier[row.id]))
            for row in rows}  # fmt: skip
