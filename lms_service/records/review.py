"""The end-of-nursery review (bilan): one per learner, its outcome and what comes next; every change kept.

The outcome is what funders ask about months later, so a second save changes
the review and keeps the content it replaced (records.history). The adjustments
the training or job needs are yes or no, never why: the form says so, and there
is no field where a reason could go. A dropout reason is asked only with that
outcome, and dropped when the outcome changes.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta

from flask_babel import gettext
from sqlalchemy import select

from ..db import get_session, utcnow
from ..local_time import paris_today
from ..models import NurseryReview
from ..models.records import DROPPED_OUT, FINANCING, OUTCOMES, REVIEW
from ..months import shift_months
from . import history
from .fields import read_choice, read_day, read_text
from .locks import take_learner
from .versions import Version, as_stored, versions

MAX_REASON, MAX_NAME = 1000, 255
FOLLOW_UP_AFTER = 3  # months: the follow-up date the form suggests
YES_NO = {"oui": True, "non": False}


@dataclass(frozen=True)
class ReviewInput:
    held_on: date
    outcome: str
    dropout_reason: str | None
    training: str | None
    organisation: str | None
    financing: str | None
    adjustments: bool | None
    follow_up_on: date | None


FIELDS = tuple(field.name for field in fields(ReviewInput))


@dataclass(frozen=True)
class ReviewRecord:
    """The review as it stands, and its versions newest first (the first of them is the review now)."""

    row: NurseryReview
    versions: list[Version]


def labels() -> dict[str, str]:
    """What the form, the history and the printed review call each field."""
    return {
        "held_on": gettext("Date du bilan"),
        "outcome": gettext("Issue de la nurserie"),
        "dropout_reason": gettext("Raison de l'abandon"),
        "training": gettext("Formation choisie"),
        "organisation": gettext("Organisme de formation"),
        "financing": gettext("Financement"),
        "adjustments": gettext("Aménagements nécessaires"),
        "follow_up_on": gettext("Date du prochain suivi"),
    }


def suggested_follow_up(held_on: date) -> date:
    return shift_months(held_on, FOLLOW_UP_AFTER)


def read_review(form: Mapping[str, str], entry_date: date) -> tuple[ReviewInput | None, list[str]]:
    """Check every field; return the review to save, or what is wrong in plain words (and save nothing)."""
    errors: list[str] = []
    words = labels()
    held_on = read_day(form, "held_on", words["held_on"], errors, low=entry_date, high=paris_today())
    outcome = read_choice(form, "outcome", words["outcome"], OUTCOMES, errors)
    reason = None
    if outcome == DROPPED_OUT:
        reason = read_text(form, "dropout_reason", words["dropout_reason"], MAX_REASON, errors, required=True)
    training = read_text(form, "training", words["training"], MAX_NAME, errors)
    organisation = read_text(form, "organisation", words["organisation"], MAX_NAME, errors)
    financing = read_choice(form, "financing", words["financing"], FINANCING, errors, required=False)
    adjustments = read_choice(form, "adjustments", words["adjustments"], YES_NO, errors, required=False)
    start = held_on or entry_date
    follow_up_on = read_day(form, "follow_up_on", words["follow_up_on"], errors, low=start,
                            high=start + timedelta(days=2 * 366), required=False)  # fmt: skip
    if errors or held_on is None or outcome is None:
        return None, errors
    values = ReviewInput(held_on, outcome, reason, training, organisation, financing,
                         YES_NO.get(adjustments or ""), follow_up_on)  # fmt: skip
    return values, []


def save_review(membership_id: int, values: ReviewInput, *, by: int) -> NurseryReview:
    """Write the learner's review, or change it keeping what it held; two référents saving it at once follow
    one another (the learner is taken first), so the second's change keeps the first's in the history."""
    take_learner(membership_id)
    db = get_session()
    row = db.scalars(select(NurseryReview).where(NurseryReview.membership_id == membership_id)).first()
    now = utcnow()
    if row is None:
        row = NurseryReview(membership_id=membership_id, written_by_id=by, written_at=now)
        db.add(row)
    elif as_stored(row, FIELDS) == as_stored(values, FIELDS):
        return row  # saved again as it was: no change to keep
    else:
        history.keep(REVIEW, row, FIELDS, membership_id=membership_id, by=by)
        row.updated_by_id, row.updated_at = by, now
    for name in FIELDS:
        setattr(row, name, getattr(values, name))
    db.flush()
    return row


def form_values(row: NurseryReview | None, today: date) -> dict[str, str]:
    """What the form shows before anything is typed: the review as saved, else today and the suggested follow-up."""
    if row is None:
        return {"held_on": today.isoformat(), "follow_up_on": suggested_follow_up(today).isoformat()}
    answer: dict[bool | None, str] = {value: word for word, value in YES_NO.items()}
    return {name: "" if getattr(row, name) is None else str(getattr(row, name)) for name in FIELDS} | {
        "adjustments": answer.get(row.adjustments, "")}  # a day's str() is its ISO text


def review_of(membership_id: int) -> ReviewRecord | None:
    """The learner's review with its versions (two queries), or None before it is written."""
    row = get_session().scalars(select(NurseryReview).where(NurseryReview.membership_id == membership_id)).first()
    if row is None:
        return None
    earlier = history.revisions(REVIEW, [row.id])[row.id]
    return ReviewRecord(row, versions(as_stored(row, FIELDS), (row.written_by_id, row.written_at), earlier))
