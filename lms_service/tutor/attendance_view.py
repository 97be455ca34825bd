"""On-site work, for référents: the course's sessions and who came, and a learner's sessions and modules done on site.

Recording is for the course's tutors and administrators; a mentor reads a
learner's page only (the course's sessions name every learner: refused). Ids of
anyone but this course's learners are a 404 and nothing is saved; a form with a
wrong value comes back with a 400, and nothing is saved either.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session

from ..access import current_membership, staff_required
from ..audit import record_read
from ..content import get_catalogue
from ..db import get_session, utcnow
from ..local_time import paris_today
from ..models import COMPLETED, Membership
from ..onsite import attendance
from ..onsite.forms import DONE, NOTHING, PREFIX, read_marks, read_module, read_session
from ..onsite.modules_done import Refused, completed_online, mark_done, undo_done
from ..onsite.offered import LIMIT, offer
from ..progress import module_progress
from ..records.people import name_of, names
from ..records.words import attendance_words
from ..security.input_limits import INTEGER_MAX
from ..sessions import Member
from . import bp
from .list_view import SEARCH_MAX
from .queries import visible_learner_ids, visible_learner_or_404


@bp.route("/presences", methods=["GET"])
@staff_required
def attendance_sessions() -> Any:
    """The course's sessions, newest first, and the sheet to record a new one."""
    return _sessions_page(_recorder(), [])


@bp.route("/presences/nouvelle", methods=["POST"])
@staff_required
def attendance_new() -> Any:
    """Record a session of the course: its day, its label, the statuses of the learners marked on the sheet."""
    viewer, db = _recorder(), get_session()
    facts, errors = read_session(request.form)
    marks, wrong = read_marks(request.form)
    chosen = {learner: status for learner, status in marks.items() if status != NOTHING}
    _check_learners(viewer, list(marks))
    errors += wrong or ([] if chosen else [gettext("Choisissez la présence d'au moins une personne.")])
    if errors or facts is None:
        return _sessions_page(viewer, errors)
    noted = attendance.same_session(db, viewer.context_id, facts.held_on, facts.label)
    if len((attendance.recorded_ids(db, noted.id) if noted else set()) | set(chosen)) > LIMIT:
        return _sessions_page(viewer, [_too_many()])  # checked before the session is made: nothing to take back
    now = utcnow()
    session = attendance.held_session(db, viewer.context_id, facts.held_on, facts.label, by=viewer.id, now=now)
    attendance.record(db, session, chosen, (), by=viewer.id, now=now)
    return redirect(url_for("tutor.attendance_session", session_id=session.id, enregistre=1), code=303)


@bp.route("/presences/<int:session_id>", methods=["GET", "POST"])
@staff_required
def attendance_session(session_id: int) -> Any:
    """One session: who was there, each status changed or taken off, and more learners added."""
    viewer, db = _recorder(), get_session()
    session = attendance.course_session(db, viewer.context_id, session_id)
    if session is None:
        abort(404)
    errors: list[str] = []
    if request.method == "POST":
        marks, errors = read_marks(request.form)
        _check_learners(viewer, list(marks))
        if not errors:
            recorded = attendance.recorded_ids(db, session.id)
            chosen = {learner: status for learner, status in marks.items() if status != NOTHING}
            removed = {learner for learner, status in marks.items() if status == NOTHING} & recorded
            if len((recorded - removed) | set(chosen)) > LIMIT:
                errors = [_too_many()]
            else:
                attendance.record(db, session, chosen, removed, by=viewer.id, now=utcnow())
                return redirect(url_for("tutor.attendance_session", session_id=session.id, enregistre=1), code=303)
    search, everyone = _search()
    noted = attendance.session_marks(db, session.id)
    return render_template(
        "tutor/attendance_session.html", session=session, marks=noted, counts=Counter(m.status for m in noted),
        offer=offer(viewer, search, everyone, session.id), search=search, everyone=everyone, words=attendance_words(),
        prefix=PREFIX, errors=errors, form=request.form if errors else None, saved=request.args.get("enregistre") == "1",
    ), 400 if errors else 200  # fmt: skip


@bp.route("/learners/<int:membership_id>/presences", methods=["GET", "POST"])
@staff_required
def learner_attendance(membership_id: int) -> Any:
    """One learner's sessions and statuses, and the nursery's modules: mark one done on site, or undo that mark."""
    viewer, db = current_membership(), get_session()
    member = visible_learner_or_404(viewer, membership_id)
    edits = viewer.writes
    modules = {module.slug: module for module in get_catalogue().ordered() if module.tracked}
    errors: list[str] = []
    if request.method == "POST":
        if not edits:
            abort(403)  # a mentor follows, read only
        errors = _module_mark(db, viewer, member, modules)
        if not errors:
            return redirect(url_for("tutor.learner_attendance", membership_id=member.id, enregistre=1), code=303)
    record_read(viewer, member, "presences")
    progress = module_progress(member.id)
    sessions, older = attendance.learner_marks(db, member.id)
    done = {slug for slug, row in progress.items() if row.status == COMPLETED}
    return render_template(
        "tutor/attendance_learner.html", viewer=viewer, edits=edits, member=member, name=name_of(member.user),
        modules=list(modules.values()), progress=progress,
        todo=[module for slug, module in modules.items() if slug not in done],
        online={slug for slug, module in modules.items() if completed_online(progress.get(slug), module)},
        marked_by=names([row.onsite_by_id for row in progress.values()]), sessions=sessions, older=older,
        words=attendance_words(), same_course=member.context_id == viewer.context_id, today=paris_today(), errors=errors,
        form=request.form if errors else None, saved=request.args.get("enregistre") == "1",
    ), 400 if errors else 200  # fmt: skip


def _module_mark(db: Session, viewer: Member, member: Membership, modules: dict[str, Any]) -> list[str]:
    """Mark the form's module done on site or undo that mark; what went wrong, in words (nothing saved then)."""
    action, module, day, errors = read_module(request.form, modules, member.entry_date)
    if errors or module is None:
        return errors
    now = utcnow()
    refused: Refused | None
    if action == DONE:
        assert day is not None
        refused = mark_done(db, member, module, day, by=viewer.id, now=now)
    else:
        refused = undo_done(db, member, module, now=now)
    if refused is None:
        return []
    if refused.reason == "online":
        return [gettext("« %(title)s » a été terminé en ligne par la personne : il compte déjà, rien n'est à "
                        "noter ou à annuler.", title=module.title)]  # fmt: skip
    return [gettext("« %(title)s » n'a pas été noté comme fait sur place : rien à annuler.", title=module.title)]


def _recorder() -> Member:
    """The viewer, if they may record the course's sessions: its tutors and administrators, not a mentor."""
    viewer = current_membership()
    if not viewer.writes:
        abort(403)
    return viewer


def _check_learners(viewer: Member, ids: list[int]) -> None:
    """404 unless every id is a learner of the viewer's course still in it (one query): nothing is saved."""
    if ids and set(visible_learner_ids(viewer, ids)) != set(ids):
        abort(404)


def _sessions_page(viewer: Member, errors: list[str]) -> Any:
    search, everyone = _search()
    before = _cursor(request.args.get("avant"))
    sessions, older = attendance.sessions_page(get_session(), viewer.context_id, before)
    return render_template(
        "tutor/attendance.html", viewer=viewer, sessions=sessions, older=older, before=before,
        offer=offer(viewer, search, everyone), search=search, everyone=everyone, words=attendance_words(),
        prefix=PREFIX, today=paris_today(), errors=errors, form=request.form if errors else None,
    ), 400 if errors else 200  # fmt: skip


def _search() -> tuple[str, bool]:
    """The name searched for on the sheet (as the dashboard reads it), and whether the whole course is asked for."""
    return " ".join(request.args.get("q", "").split())[:SEARCH_MAX], request.args.get("tous") == "1"


def _cursor(value: str | None) -> tuple[date, int] | None:
    """« Plus anciennes »: the (day, id) of the last session shown; anything else is a 400."""
    if value is None:
        return None
    day, _sep, row_id = value.partition("~")
    if not row_id.isascii() or not row_id.isdigit() or len(row_id) > 10 or int(row_id) > INTEGER_MAX:
        abort(400)
    try:
        held_on = date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        held_on = None
    if held_on is None:
        abort(400)
    return held_on, int(row_id)


def _too_many() -> str:
    return gettext("Une séance compte au plus %(n)s personnes.", n=LIMIT)
