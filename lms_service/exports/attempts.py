"""Every submitted attempt at a quiz or the entry test: who, which module, when, the score and the time taken.

No answer and no expected answer: the file says how it went, the learner page
shows what was answered. A survey's attempts are left out (their answers are
never read person by person: assessments/survey_totals.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import gettext
from sqlalchemy import Row, Select, select

from ..assessments.survey_totals import answers_are_private
from ..content import get_catalogue
from ..db import as_utc
from ..models import Attempt, Context, Membership, User
from . import COURSE, person_columns, person_of, streamed


def header() -> list[str]:
    return [gettext("Apprenant"), gettext("Cours"), gettext("Module"), gettext("Essai n°"), gettext("Commencé le"),
            gettext("Rendu le"), gettext("Points"), gettext("Sur"), gettext("Score %"), gettext("Réussi"),
            gettext("Durée (min)")]  # fmt: skip


def rows(learners: Select[Any], emails: bool) -> Iterator[list[object]]:
    """One row per submitted attempt of these learners, by course, learner and time."""
    modules = get_catalogue().ordered()
    titles = {module.slug: module.title for module in modules}
    private = [module.slug for module in modules if answers_are_private(module)]
    yes, no = gettext("oui"), gettext("non")
    for row in streamed(_statement(learners, private)):
        yield [person_of(row, "learner", emails), row.course, titles.get(row.module_slug, row.module_slug),
               row.number, row.started_at, row.submitted_at, _points(row.score_given), _points(row.score_maximum),
               _percent(row), "" if row.passed is None else (yes if row.passed else no), _minutes(row)]  # fmt: skip


def _statement(learners: Select[Any], private: list[str]) -> Select[Any]:
    return (
        select(Attempt.module_slug, Attempt.number, Attempt.started_at, Attempt.submitted_at, Attempt.score_given,
               Attempt.score_maximum, Attempt.passed, COURSE, *person_columns(User, "learner"))
        .select_from(Attempt)
        .join(Membership, Membership.id == Attempt.membership_id)
        .join(User, User.id == Membership.user_id)
        .join(Context, Context.id == Membership.context_id)
        .where(Attempt.membership_id.in_(learners), Attempt.submitted_at.is_not(None),
               Attempt.module_slug.not_in(private))
        .order_by(Membership.context_id, Membership.name_key, Membership.id, Attempt.started_at, Attempt.id)
    )  # fmt: skip


def _points(value: float | None) -> float | int | None:
    """7.0 points read as 7, 7.5 as 7,5 (the CSV writes the decimal comma)."""
    return int(value) if value is not None and value.is_integer() else value


def _percent(row: Row[Any]) -> int | None:
    """As the pages show it (Attempt.percent): whole per cent, rounded down, as pass_score is compared."""
    if row.score_given is None or not row.score_maximum:
        return None
    return int(100 * row.score_given / row.score_maximum)


def _minutes(row: Row[Any]) -> float:
    """From the first question shown to the submission, to a tenth of a minute."""
    return round((as_utc(row.submitted_at) - as_utc(row.started_at)).total_seconds() / 60, 1)
