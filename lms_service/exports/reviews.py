"""One row per learner with an end-of-nursery review (bilan): its outcome, what comes next, and the follow-ups.

The follow-ups at 3 and 6 months are joined in the same statement, one outer
join each (a learner has at most one of each), so a learner is still one row
and the file still one streamed query. Their free comments stay on the
learner's page: the file carries the states funders count. Learners the
roster says left the course are in it, with the day they left: many leave the
nursery's LMS course right after it, and their follow-ups come months later.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from flask_babel import get_timezone, gettext
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import aliased

from ..db import as_utc
from ..models import Context, Membership, NurseryReview, ReviewFollowUp, User
from ..records.words import financing_words, follow_up_words, outcome_words
from . import COURSE, person_columns, person_of, streamed

_three, _six = aliased(ReviewFollowUp), aliased(ReviewFollowUp)


def header() -> list[str]:
    return [gettext("Apprenant"), gettext("Cours"), gettext("Départ du cours"), gettext("Entrée"),
            gettext("Bilan le"), gettext("Issue"), gettext("Raison de l'abandon"), gettext("Formation"),
            gettext("Organisme"), gettext("Financement"), gettext("Aménagements"), gettext("Suivi prévu le"),
            gettext("Suivi à 3 mois"), gettext("Suivi à 3 mois, le"), gettext("Suivi à 6 mois"),
            gettext("Suivi à 6 mois, le")]  # fmt: skip


def rows(learners: Select[Any], emails: bool) -> Iterator[list[object]]:
    """One row per reviewed learner, by course and name."""
    outcomes, financing, states = outcome_words(), financing_words(), follow_up_words()
    yes, no = gettext("oui"), gettext("non")
    for row in streamed(_statement(learners)):
        yield [person_of(row, "learner", emails), row.course, _left(row.left_at), row.entry_date, row.held_on,
               outcomes.get(row.outcome, row.outcome), row.dropout_reason, row.training, row.organisation,
               financing.get(row.financing, row.financing) if row.financing else None,
               None if row.adjustments is None else (yes if row.adjustments else no), row.follow_up_on,
               states.get(row.three_state, row.three_state) if row.three_state else None, row.three_on,
               states.get(row.six_state, row.six_state) if row.six_state else None, row.six_on]  # fmt: skip


def _statement(learners: Select[Any]) -> Select[Any]:
    review = NurseryReview
    columns: list[Any] = [
        Membership.entry_date, Membership.left_at, review.held_on, review.outcome, review.dropout_reason,
        review.training, review.organisation, review.financing, review.adjustments, review.follow_up_on,
        _three.state.label("three_state"), _three.noted_on.label("three_on"), _six.state.label("six_state"),
        _six.noted_on.label("six_on"), COURSE, *person_columns(User, "learner")]  # fmt: skip
    return (
        select(*columns)
        .select_from(review)
        .join(Membership, Membership.id == review.membership_id)
        .join(User, User.id == Membership.user_id)
        .join(Context, Context.id == Membership.context_id)
        .outerjoin(_three, and_(_three.membership_id == review.membership_id, _three.months == 3))
        .outerjoin(_six, and_(_six.membership_id == review.membership_id, _six.months == 6))
        .where(review.membership_id.in_(learners))
        .order_by(Membership.context_id, Membership.name_key, Membership.id)
    )  # fmt: skip


def _left(left_at: datetime | None) -> str:
    """« a quitté le cours le 05/12/2026 » (the day in Paris), empty for a learner still in the course."""
    if left_at is None:
        return ""
    day = as_utc(left_at).astimezone(get_timezone()).strftime("%d/%m/%Y")
    return gettext("a quitté le cours le %(day)s", day=day)
