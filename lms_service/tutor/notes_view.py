"""A learner's notes, for the référents who write them (records/notes.py): read, add, correct.

Notes are the référents' own: tutors and administrators read and write them,
any tutor of the course may correct one (the correction is theirs, the text it
replaced stays in view); a mentor is refused the page whole, as the review's.
Every page shown, a refused form's too, is a read of the learner's record.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, request, url_for

from ..access import current_membership, staff_required
from ..audit import record_read
from ..local_time import paris_today
from ..models import Membership
from ..records.notes import MAX_NOTE, add_note, correct_note, find_note, notes_of, read_note
from ..sessions import Member
from . import bp
from .queries import visible_learner_or_404


@bp.route("/learners/<int:membership_id>/notes", methods=["GET", "POST"])
@staff_required
def notes(membership_id: int) -> Any:
    """The learner's notes newest first, and the form for a new one."""
    viewer, member = referent_and_learner(membership_id)
    errors: list[str] = []
    if request.method == "POST":
        values, errors = read_note(request.form.to_dict())
        if values is not None:
            note = add_note(member.id, values, by=viewer.id)
            return redirect(url_for("tutor.notes", membership_id=member.id, enregistre="ajout",
                                    _anchor=f"note-{note.id}"), code=303)  # fmt: skip
    return _page(viewer, member, errors, editing=None)


@bp.route("/learners/<int:membership_id>/notes/<int:note_id>", methods=["POST"])
@staff_required
def note_correction(membership_id: int, note_id: int) -> Any:
    """Correct a note: its earlier text is kept and shown under it, the correction attributed."""
    viewer, member = referent_and_learner(membership_id)
    note = find_note(member.id, note_id)
    if note is None:
        abort(404)
    values, errors = read_note(request.form.to_dict())
    if values is not None:
        correct_note(note, values, by=viewer.id)
        return redirect(url_for("tutor.notes", membership_id=member.id, enregistre="correction",
                                _anchor=f"note-{note.id}"), code=303)  # fmt: skip
    return _page(viewer, member, errors, editing=note.id)


def referent_and_learner(membership_id: int) -> tuple[Member, Membership]:
    """A tutor or administrator (403 for a mentor: the notes and the review are the référents'), and a learner
    they may see (404 for anyone else)."""
    viewer = current_membership()
    if not viewer.writes:
        abort(403)
    return viewer, visible_learner_or_404(viewer, membership_id)


def _page(viewer: Member, member: Membership, errors: list[str], *, editing: int | None) -> Any:
    """The page, a read recorded in the audit trail; with `errors`, a 400 showing the form sent (`editing`: the
    note being corrected, or None)."""
    record_read(viewer, member, "notes")
    entries, authors = notes_of(member.id)
    page = render_template(
        "tutor/notes.html", member=member, entries=entries, authors=authors, today=paris_today(),
        max_note=MAX_NOTE, day=date.fromisoformat, errors=errors, editing=editing,
        form=request.form if errors else None, saved=request.args.get("enregistre"),
    )  # fmt: skip
    return page, 400 if errors else 200
