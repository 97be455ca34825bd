"""The grid as CSV: one line per learner (the list's learners, same view), one status and score per module.

Streamed: the learners are read 500 at a time in id order (keyset), with the
progress and counted scores of those 500 in one more query, as plain columns (no ORM objects), so memory and
the number of queries per learner stay flat whatever the course's size.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import request
from flask_babel import get_timezone, gettext
from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from ..access import current_membership, staff_required
from ..audit import record
from ..content import Module, get_catalogue
from ..db import get_session
from ..exports.trail import THIS_COURSE, what
from ..local_time import paris_today
from ..models import COMPLETED, IN_PROGRESS, READ, Membership, ModuleProgress, User
from ..models.audit import EXPORT
from ..models.people import person_name
from ..risk.reasons import all_words
from ..risk.rules import Rules, course_rules
from ..sessions import Member
from . import bp
from .csv_export import csv_response
from .list_view import ListView, read_view
from .queries import visible_learners_query
from .views import mine_first
from .weeks import nursery_week

BATCH = 500


@bp.route("/export.csv")
@staff_required
def export_grid() -> Any:
    viewer = current_membership()
    view = read_view(request.args)
    modules = [module for module in get_catalogue().ordered() if module.tracked]
    header = _header(viewer, modules)
    rules = course_rules(get_session(), viewer.context_id)
    rows = _rows(viewer, mine_first(viewer, view), view, modules, rules)
    if request.method != "HEAD":  # a HEAD request takes no file: nothing to account for
        record(viewer, EXPORT, what=what("grille", view.courses or THIS_COURSE))
    return csv_response(f"{viewer.course_name or 'cours'} - apprenants.csv", header, rows, get_timezone())


def _header(viewer: Member, modules: Sequence[Module]) -> list[str]:
    people = [gettext("Apprenant"), *([gettext("E-mail")] if viewer.writes else []), gettext("Référent"),
              gettext("Modalité"), gettext("Entrée"), gettext("Entrée estimée"), gettext("Semaine"),
              gettext("Dernière activité")]  # fmt: skip
    per_module = [f"{module.title} : {word}" for module in modules for word in (gettext("statut"), gettext("score %"))]
    return [*people, gettext("Temps passé (min)"), *per_module, gettext("À appeler : raisons")]


def _rows(viewer: Member, mine: bool, view: ListView, modules: Sequence[Module],
          rules: Rules) -> Iterator[list[object]]:  # fmt: skip
    db = get_session()
    words = _Words.now(rules)
    today = paris_today()
    emails = viewer.writes
    after = 0
    while True:
        batch = db.execute(
            _BATCH.where(Membership.id.in_(visible_learners_query(viewer, mine, view, rules)), Membership.id > after)
        ).all()
        if not batch:
            return
        ids = [row.id for row in batch]
        progress = _by_member(db.execute(_PROGRESS, {"ids": ids}).all())
        lines = [_row(row, emails, progress.get(row.id, {}), modules, today, words) for row in batch]
        db.rollback()  # nothing was written: no transaction stays open while the client downloads
        yield from lines
        after = ids[-1]


_referent, _referent_user = aliased(Membership), aliased(User)
_BATCH = (
    select(Membership.id, Membership.modality, Membership.entry_date, Membership.entry_date_estimated,
           Membership.last_activity_at, Membership.first_launch_at, Membership.referent_id, Membership.risk_reasons,
           User.name, User.given_name, User.family_name, User.email, User.sub,
           _referent_user.name.label("r_name"), _referent_user.given_name.label("r_given"),
           _referent_user.family_name.label("r_family"), _referent_user.email.label("r_email"))
    .join(User, User.id == Membership.user_id)
    .outerjoin(_referent, _referent.id == Membership.referent_id)
    .outerjoin(_referent_user, _referent_user.id == _referent.user_id)
    .order_by(Membership.id)
    .limit(BATCH)
)  # fmt: skip
_PROGRESS = select(ModuleProgress.membership_id, ModuleProgress.module_slug, ModuleProgress.status,
                   ModuleProgress.score_percent, ModuleProgress.seconds_spent).where(
    ModuleProgress.membership_id.in_(bindparam("ids", expanding=True)))  # fmt: skip


@dataclass(frozen=True)
class _Words:
    """The file's repeated words, translated once per export (not once per cell: 200,000 calls for 10,000)."""

    status: dict[str | None, str]
    modality: dict[str | None, str]
    yes: str
    no: str
    no_referent: str
    never: str
    reasons: dict[int, tuple[str, ...]]

    @classmethod
    def now(cls, rules: Rules) -> _Words:
        return cls(
            status={COMPLETED: gettext("terminé"), READ: gettext("lu, réponses à donner"),
                    IN_PROGRESS: gettext("en cours"), None: gettext("pas commencé")},
            modality={"on_site": gettext("Présentiel"), "remote": gettext("À distance"),
                      None: gettext("Non renseignée")},
            yes=gettext("oui"), no=gettext("non"), no_referent=gettext("Sans référent"),
            never=gettext("Aucune connexion"), reasons=all_words(rules),
        )  # fmt: skip


def _by_member(rows: Any) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row.membership_id, {})[row.module_slug] = row
    return found


def _row(r: Any, emails: bool, progress: dict[str, Any], modules: Sequence[Module], today: date,
         words: _Words) -> list[object]:  # fmt: skip
    email, referent_email = (r.email, r.r_email) if emails else (None, None)  # a mentor: not even for a missing name
    referent = person_name(r.r_name, r.r_given, r.r_family, referent_email, "") if r.referent_id else words.no_referent
    never = r.first_launch_at is None
    cells: list[object] = [person_name(r.name, r.given_name, r.family_name, email, r.sub),
                           *([r.email] if emails else []), referent, words.modality.get(r.modality, ""),
                           r.entry_date, words.yes if r.entry_date_estimated else words.no,
                           nursery_week(r.entry_date, today),
                           r.last_activity_at or (words.never if never else "")]  # fmt: skip
    cells.append(round(sum(row.seconds_spent or 0 for row in progress.values()) / 60))
    for module in modules:
        row = progress.get(module.slug)
        cells += [words.status.get(row.status if row else None, ""), row.score_percent if row else None]
    cells.append(" ; ".join(words.reasons[r.risk_reasons & 15]))
    return cells
