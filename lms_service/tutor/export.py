"""The grid as CSV: one line per learner (the list's learners, same view), one status and score per module.

Streamed: the learners are read 500 at a time in id order (keyset), with the
progress and counted scores of those 500 in one more query, so memory and
the number of queries per learner stay flat whatever the course's size.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from flask import request
from flask_babel import get_timezone, gettext
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..access import current_membership, staff_required
from ..content import Module, get_catalogue
from ..db import get_session, utcnow
from ..models import COMPLETED, IN_PROGRESS, READ, Membership, ModuleProgress, User
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
    return csv_response(f"{viewer.course_name or 'cours'} - apprenants.csv", header, rows, get_timezone())


def _header(viewer: Member, modules: Sequence[Module]) -> list[str]:
    people = [gettext("Apprenant"), *([gettext("E-mail")] if _sees_emails(viewer) else []), gettext("Référent"),
              gettext("Modalité"), gettext("Entrée"), gettext("Entrée estimée"), gettext("Semaine"),
              gettext("Dernière activité")]  # fmt: skip
    per_module = [f"{module.title} : {word}" for module in modules for word in (gettext("statut"), gettext("score %"))]
    return [*people, gettext("Temps passé (min)"), *per_module, gettext("À appeler : raisons")]


def _rows(viewer: Member, mine: bool, view: ListView, modules: Sequence[Module],
          rules: Rules) -> Iterator[list[object]]:  # fmt: skip
    db = get_session()
    reasons = all_words(rules)
    today = utcnow().astimezone(get_timezone()).date()
    referent, referent_user = aliased(Membership), aliased(User)
    after = 0
    while True:
        batch = db.execute(
            select(Membership, User, referent_user)
            .join(User, User.id == Membership.user_id)
            .outerjoin(referent, referent.id == Membership.referent_id)
            .outerjoin(referent_user, referent_user.id == referent.user_id)
            .where(Membership.id.in_(visible_learners_query(viewer, mine, view, rules)), Membership.id > after)
            .order_by(Membership.id)
            .limit(BATCH)
        ).all()  # fmt: skip
        if not batch:
            return
        ids = [m.id for m, _, _ in batch]
        progress = _by_member(db.scalars(select(ModuleProgress).where(ModuleProgress.membership_id.in_(ids))))
        lines = [_row(viewer, member, user, follows, progress.get(member.id, {}), modules, today)
                 + [" ; ".join(reasons[member.risk_reasons & 15])] for member, user, follows in batch]  # fmt: skip
        db.rollback()  # nothing was written: no transaction stays open while the client downloads
        yield from lines
        after = ids[-1]


def _by_member(rows: Any) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row.membership_id, {})[row.module_slug] = row
    return found


def _row(viewer: Member, member: Membership, user: User, follows: User | None, progress: dict[str, Any],
         modules: Sequence[Module], today: date) -> list[object]:  # fmt: skip
    seconds = sum(row.seconds_spent for row in progress.values())
    cells: list[object] = [user.display_name, *([user.email] if _sees_emails(viewer) else []),
                           follows.display_name if follows else gettext("Sans référent"), _modality(member.modality),
                           member.entry_date, gettext("oui") if member.entry_date_estimated else gettext("non"),
                           nursery_week(member.entry_date, today),
                           member.last_activity_at or (gettext("Aucune connexion") if member.never_launched else "")]  # fmt: skip
    cells.append(round(seconds / 60))
    for module in modules:
        row = progress.get(module.slug)
        cells.append(_status(row.status if row else None))
        cells.append(row.score_percent if row else None)
    return cells


def _sees_emails(viewer: Member) -> bool:
    return viewer.is_tutor or viewer.is_admin  # a mentor follows without contact details


def _modality(value: str | None) -> str:
    return {"on_site": gettext("Présentiel"), "remote": gettext("À distance")}.get(value or "", gettext("Non renseignée"))


def _status(value: str | None) -> str:
    words = {COMPLETED: gettext("terminé"), READ: gettext("lu, réponses à donner"), IN_PROGRESS: gettext("en cours")}
    return words.get(value or "", gettext("pas commencé"))
