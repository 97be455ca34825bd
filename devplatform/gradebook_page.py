"""The course's "Carnet de notes": columns, each learner's latest score, the arrival log, and the
teacher's actions (delete a column, cut the score service for the demo), all posted with CSRF."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from . import csrf
from .gradebook import LineItem, Score
from .outage import OutagePlan, Part
from .platform import Platform, current_platform
from .roster import LEARNER, Context, User

bp = Blueprint("gradebook", __name__, url_prefix="/courses/<context_id>/gradebook")

# What "Couper le service de notes" makes the score endpoint answer, until "Rétablir".
DEMO_OUTAGE = OutagePlan(503, Part.SCORES)


@dataclass(frozen=True)
class Column:
    """A line item and, per learner, the score the gradebook holds (None: nothing received yet)."""

    item: LineItem
    rows: list[tuple[User, Score | None]]


@bp.get("")
def page(context_id: str) -> str:
    platform = current_platform()
    context = _context(platform, context_id)
    items = platform.gradebook.find(context_id)
    return render_template(
        "gradebook.html", context=context, users=platform.users, line_items=items,
        columns=[_column(platform, item) for item in items],
        labels={item.id: item.label for item in items},
        scores=[s for s in platform.scores if s.context_id == context_id],
        members=platform.members(context_id), outage=platform.outage.plan,
    )


@bp.post("/lineitems/<int:item_id>/delete")
def delete_line_item(context_id: str, item_id: int) -> ResponseReturnValue:
    """A teacher deletes a column, as in Moodle's gradebook: its grades go, its URL answers 404 from now on."""
    csrf.check()
    platform = current_platform()
    _context(platform, context_id)
    if platform.gradebook.get(context_id, item_id) is None or not platform.gradebook.delete(item_id):
        abort(404, description="Cet élément d'évaluation n'existe pas (ou plus) dans ce cours.")
    return redirect(url_for(".page", context_id=context_id), 303)


@bp.post("/outage")
def switch_outage(context_id: str) -> ResponseReturnValue:
    """The demo's switch: the score endpoint answers 503 until switched back (for the whole platform)."""
    csrf.check()
    platform = current_platform()
    _context(platform, context_id)
    action = request.form.get("action")
    if action == "start":
        platform.outage.start(DEMO_OUTAGE)
    elif action == "stop":
        platform.outage.stop()
    else:
        abort(400, description="Action inconnue : « start » ou « stop » attendu.")
    return redirect(url_for(".page", context_id=context_id), 303)


@bp.app_template_filter("number")
def number(value: float) -> str:
    """A grade as a French reader writes it: 18, 12,5 (not 18.0, 12.5)."""
    return f"{round(value, 2):g}".replace(".", ",")


def _column(platform: Platform, item: LineItem) -> Column:
    """Every learner of the course, then anyone else the column holds a score for."""
    held = {score.user_id: score for score in platform.gradebook.results(item.id)}
    learners = [user for user, m in platform.members(item.context_id) if LEARNER in m.roles]
    others = [platform.users.get(uid) or User(uid) for uid in held if uid not in {u.id for u in learners}]
    return Column(item, [(user, held.get(user.id)) for user in (*learners, *others)])


def _context(platform: Platform, context_id: str) -> Context:
    context = platform.contexts.get(context_id)
    if context is None:
        abort(404, description="Ce cours n'existe pas.")
    return context
