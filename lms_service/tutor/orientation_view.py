"""The référent's page to prepare the orientation conversation with one learner (what it reads: orientation/).

Family of jobs by family: what the learner said first, then the quiz and the
time, each on its own line, never added up nor ranked; then the référent's note,
which the learner reads on their own page. A mentor reads the quizzes and the
time only: the learner's answers were written for their référent or référente
(as on the learner page), and so are the notes.
"""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import format_number

from ..access import current_membership, staff_required
from ..audit import record_read
from ..content import get_catalogue
from ..durations import duration_words
from ..orientation.notes import NOTE_MAX, read_note, save_note
from ..orientation.reading import job_families, read_orientation
from ..records.people import name_of
from . import bp
from .queries import visible_learner_or_404


@bp.route("/learners/<int:membership_id>/orientation", methods=["GET", "POST"])
@staff_required
def orientation(membership_id: int) -> Any:
    """Prepare the conversation: the learner's words, then their results apart; a note per family (POST)."""
    viewer = current_membership()
    member = visible_learner_or_404(viewer, membership_id)
    writes = viewer.writes
    catalogue = get_catalogue()
    errors: list[str] = []
    if request.method == "POST":
        if not writes:
            abort(403)  # a mentor follows, read only
        note, errors = read_note(request.form, job_families(catalogue))
        if note is not None:
            save_note(member.id, note, by=viewer.id)
            return redirect(url_for("tutor.orientation", membership_id=member.id, enregistre=1, famille=note.family,
                                    _anchor=f"famille-{note.family}"), code=303)  # fmt: skip
    record_read(viewer, member, "orientation")
    return render_template(
        "tutor/orientation.html", member=member, writes=writes, duration=duration_words, note_max=NOTE_MAX,
        name=member.user.display_name if writes else name_of(member.user),  # a mentor: never an address
        note_max_words=format_number(NOTE_MAX),
        families=read_orientation(catalogue, member.id, words=writes, notes=writes, history=True),
        errors=errors, form=request.form if errors else None,
        saved=request.args.get("famille") if request.args.get("enregistre") == "1" else None,
    ), 400 if errors else 200  # fmt: skip
