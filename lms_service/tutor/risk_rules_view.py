"""The LMS administrator's page: when a learner shows as « à appeler », for every course of their LMS.

The rules are the programme's defaults until changed; a change says who made
it and when, and the worker's next round applies it to every learner of the
LMS (never this request: an LMS may hold 50,000 of them).
"""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from ..access import current_membership, staff_required
from ..db import get_session, utcnow
from ..models import Context, RiskRules
from ..risk.rules import LIMITS, Rules, default_entry_percent, rules_for
from . import bp

FIELDS = ("inactive_days", "not_started_days", "entry_test_percent", "failed_attempts", "review_weeks", "silent_days")


@bp.route("/lms/alertes", methods=["GET", "POST"])
@staff_required
def risk_rules() -> Any:
    viewer = current_membership()
    if not viewer.is_admin:
        abort(403)
    db = get_session()
    lms_id = db.scalar(select(Context.lms_id).where(Context.id == viewer.context_id))
    if lms_id is None:
        abort(404)
    errors: list[str] = []
    if request.method == "POST":
        values, errors = read_rules(request.form)
        if values is not None:
            save_rules(lms_id, values, by=viewer.id)
            return redirect(url_for("tutor.risk_rules", enregistre=1), code=303)
    return render_template(
        "tutor/risk_rules.html", rules=rules_for(db, lms_id), row=db.get(RiskRules, lms_id), limits=LIMITS,
        errors=errors, form=request.form if errors else None, saved=request.args.get("enregistre") == "1",
        test_default=default_entry_percent(), defaults=Rules(entry_test_percent=default_entry_percent()),
    ), 400 if errors else 200  # fmt: skip


def read_rules(form: Any) -> tuple[dict[str, int] | None, list[str]]:
    """Whole numbers within each rule's limits; anything else is named, and nothing is saved."""
    values: dict[str, int] = {}
    errors: list[str] = []
    for name in FIELDS:
        text, (low, high) = form.get(name, "").strip(), LIMITS[name]
        # The number checked is the number saved: "0001000" is 1000, not the 1 of its first four characters.
        if not text.isascii() or not text.isdigit() or len(text) > 4 or not low <= int(text) <= high:
            errors.append(gettext("« %(field)s » : un nombre entier de %(low)s à %(high)s.", field=_label(name),
                                  low=low, high=high))  # fmt: skip
            continue
        values[name] = int(text)
    return (None, errors) if errors else (values, [])


def save_rules(lms_id: int, values: dict[str, int], *, by: int) -> None:
    """Store the rules with who changed them; `changed_at` has the worker apply them to every course."""
    db = get_session()
    row = db.get(RiskRules, lms_id) or RiskRules(lms_id=lms_id)
    for name, value in values.items():
        setattr(row, name, value)
    now = utcnow()
    row.updated_by_id, row.updated_at, row.changed_at = by, now, now
    db.add(row)
    db.flush()


def _label(name: str) -> str:
    return {
        "inactive_days": gettext("Jours sans activité"),
        "not_started_days": gettext("Jours après l'entrée sans module commencé"),
        "entry_test_percent": gettext("Seuil du test d'entrée (%)"),
        "failed_attempts": gettext("Essais échoués à un même quiz"),
        "review_weeks": gettext("Semaines après l'entrée sans bilan"),
        "silent_days": gettext("Jours sans nouvelles après le bilan"),
    }[name]
