"""Each learner's référent: a tutor of the course, assigned by a tutor, several learners at once (and, from the
same form, entry dates the roster estimated, confirmed several at once).

The référent is who calls a learner gone silent; « Mes apprenants » is a
tutor's first view. Every assignment says who made it and when. A mentor
follows read only; a learner or a référent of another course is refused as
if it did not exist (404), so an id in a form opens nothing elsewhere.
"""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from sqlalchemy import bindparam, select, update

from ..access import current_membership, staff_required
from ..db import get_session, utcnow
from ..models import Membership, User
from ..models.people import person_name
from . import bp
from .list_view import read_view
from .queries import visible_learner_ids

NOBODY = "aucun"


def course_tutors(context_id: int) -> list[tuple[int, str]]:
    """The course's tutors (those the roster has not seen leave), by name: who may be a référent."""
    rows = get_session().execute(_TUTORS, {"context_id": context_id}).all()
    return sorted(((r.id, person_name(r.name, r.given_name, r.family_name, r.email, r.sub)) for r in rows),
                  key=lambda pair: pair[1])  # fmt: skip


_TUTORS = (
    select(Membership.id, User.name, User.given_name, User.family_name, User.email, User.sub)
    .join(User, User.id == Membership.user_id)
    .where(Membership.context_id == bindparam("context_id"), Membership.is_tutor.is_(True),
           Membership.left_at.is_(None))
)  # fmt: skip


@bp.route("/referents", methods=["POST"])
@staff_required
def assign_referent() -> Any:
    """For the chosen learners of this course: give them a référent (or none), or confirm their entry dates;
    back to the list, which says how many changed."""
    viewer = current_membership()
    if not viewer.writes:
        abort(403)
    view = read_view(request.form)  # where to come back: the list's view, checked like a URL's, before anything
    action = request.form.get("action", "referent")
    if action not in ("referent", "confirmer"):
        abort(400)
    learners = _ids(request.form.getlist("learner"))
    referent = _referent(viewer.context_id) if action == "referent" else None
    allowed = set(visible_learner_ids(viewer, learners))
    if not learners or allowed != set(learners):
        abort(404 if learners else 400)
    now = utcnow()
    if action == "confirmer":  # the date stays, said right by whoever confirms it
        values: dict[str, Any] = {"entry_date_estimated": False, "facts_set_by_id": viewer.id, "facts_set_at": now}
    else:
        values = {"referent_id": referent, "referent_set_by_id": viewer.id, "referent_set_at": now}
    get_session().execute(update(Membership).where(Membership.id.in_(learners)).values(**values)
                          .execution_options(synchronize_session=False))  # fmt: skip
    done = {"assignes" if action == "referent" else "confirmees": len(learners)}
    return redirect(url_for("tutor.dashboard", **view.args(**done)), code=303)


def _referent(context_id: int) -> int | None:
    """The référent the form names: a tutor of the course, or nobody; another id is a 404."""
    chosen = request.form.get("referent", "")
    referent = None if chosen == NOBODY else _one_id(chosen)
    if referent is not None and referent not in {tutor for tutor, _ in course_tutors(context_id)}:
        abort(404)
    return referent


def _ids(values: list[str]) -> list[int]:
    return sorted({_one_id(value) for value in values})


def _one_id(value: str) -> int:
    """A membership id from a form: digits only, within a database integer; anything else is a 400."""
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        abort(400)
    return int(value)
