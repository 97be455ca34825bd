"""A person's data: its export (right of access, GDPR art. 15) and its erasure (art. 17), and the LMS's settings.

Référents and administrators export a learner of the courses they follow (an
administrator: anyone of their LMS), including one who has left the course; only
an administrator erases, with the person's name (or « EFFACER ») typed to
confirm. Mentors follow, read only: none of this is theirs. Each export and
erasure is written to the audit trail, an erasure naming no one.
"""
from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import Select, select

from ..access import current_membership, staff_required
from ..audit import record
from ..db import get_session, utcnow
from ..models import Context, Membership, User
from ..models.audit import ERASE, EXPORT
from ..privacy.erasure import CONFIRM_WORD, confirmed, erase
from ..privacy.learner_data import collect
from ..privacy.retention import cutoffs
from ..sessions import Member
from . import bp
from .csv_export import content_disposition
from .queries import followed_courses

CONFIRMATION_MAX = 300


@bp.route("/learners/<int:membership_id>/donnees")
@staff_required
def learner_data(membership_id: int) -> Any:
    """What the two actions do, the courses they cover, the export link and (administrators) the erasure form."""
    viewer = _tutor_or_admin()
    member = _subject(viewer, membership_id)
    return _page(viewer, member, errors=[])


@bp.route("/learners/<int:membership_id>/donnees.json")
@staff_required
def learner_data_json(membership_id: int) -> Any:
    """Everything stored about the person in the courses the viewer follows, as one JSON file."""
    viewer = _tutor_or_admin()
    member = _subject(viewer, membership_id)
    document = collect(get_session(), _person(member), _courses(viewer))
    if request.method == "GET":  # a HEAD request takes nothing away
        record(viewer, EXPORT, what="donnees:personne", subject_id=member.id, context_id=member.context_id)
    response = Response(json.dumps(document, ensure_ascii=False, indent=1), mimetype="application/json")
    response.headers["Content-Disposition"] = content_disposition(f"donnees-personnelles-{member.id}.json")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/learners/<int:membership_id>/effacer", methods=["POST"])
@staff_required
def erase_learner(membership_id: int) -> Any:
    """Erase the person in this LMS, once the administrator has typed their name or the word."""
    viewer = current_membership()
    if not viewer.is_admin:
        abort(403)
    member = _subject(viewer, membership_id)
    user = _person(member)
    typed = request.form.get("confirmation", "")
    errors = []
    if user.id == viewer.user_id:
        errors.append(gettext("Vos propres données ne s'effacent pas depuis votre compte : demandez-le à un autre "
                              "administrateur."))  # fmt: skip
    elif len(typed) > CONFIRMATION_MAX or not confirmed(typed, user):
        errors.append(gettext("Pour confirmer, écrivez le nom de la personne ou le mot %(word)s.", word=CONFIRM_WORD))
    if errors:
        return _page(viewer, member, errors=errors, status=400)
    context_id = member.context_id
    erase(get_session(), user)
    record(viewer, ERASE, what="donnees:personne", context_id=context_id)
    return redirect(url_for("tutor.lms_data", efface=1), code=303)


@bp.route("/lms/donnees")
@staff_required
def lms_data() -> Any:
    """For the LMS's administrator: how long data is kept, how to purge it, and the erasure's confirmation."""
    viewer = current_membership()
    if not viewer.is_admin:
        abort(403)
    config = current_app.config
    return render_template("tutor/privacy_lms.html", limits=cutoffs(utcnow(), config),
                           data_months=config["DATA_RETENTION_MONTHS"], audit_months=config["AUDIT_RETENTION_MONTHS"],
                           erased=request.args.get("efface") == "1")  # fmt: skip


def _tutor_or_admin() -> Member:
    viewer = current_membership()
    if not viewer.writes:
        abort(403)  # a mentor follows some learners, read only: exporting or erasing is not theirs
    return viewer


def _courses(viewer: Member) -> Select[Any]:
    """The courses whose records the viewer may export: every course of an administrator's LMS, else those the
    référent follows."""
    if viewer.is_admin:
        own_lms = select(Context.lms_id).where(Context.id == viewer.context_id).scalar_subquery()
        return select(Context.id).where(Context.lms_id == own_lms)
    return followed_courses(viewer)


def _subject(viewer: Member, membership_id: int) -> Membership:
    """The record asked for, if the viewer may act on it: a learner of their courses (an administrator: anyone of
    their LMS), even one who has left the course; otherwise 404, whatever the reason."""
    query = select(Membership).where(Membership.id == membership_id, Membership.context_id.in_(_courses(viewer)))
    if not viewer.is_admin:
        query = query.where(Membership.is_learner.is_(True))
    member = get_session().scalars(query).first()
    if member is None:
        abort(404)
    return member


def _person(member: Membership) -> User:
    """The person of the record (404 if an erasure took them since the record was read)."""
    user = get_session().get(User, member.user_id)
    if user is None:
        abort(404)
    return user


def _page(viewer: Member, member: Membership, *, errors: list[str], status: int = 200) -> Any:
    db = get_session()
    courses = db.execute(select(Context.title, Context.label).join(Membership, Membership.context_id == Context.id)
                         .where(Membership.user_id == member.user_id, Context.id.in_(_courses(viewer)))
                         .order_by(Context.title).limit(100)).all()  # fmt: skip
    user = _person(member)
    return render_template("tutor/privacy.html", viewer=viewer, member=member, name=user.display_name,
                           courses=[title or label for title, label in courses], errors=errors,
                           own=user.id == viewer.user_id, confirm_word=CONFIRM_WORD), status  # fmt: skip
