"""The learner's quiz of a module: answer (saved as given), submit, see what was right and why."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for

from ..access import current_membership, launch_required, records_activity
from ..content import Module, get_catalogue
from ..db import get_session, utcnow
from . import bp
from .attempts import (
    NoAttemptLeft,
    Reading,
    UnknownQuestion,
    allowed_attempts,
    attempts_left,
    attempts_of,
    in_progress,
    kept,
    open_attempt,
    questions_of,
    read_form,
    reveals,
    save_answers,
    saved_answers,
    submit,
)
from .entry_test import ENTRY_TEST
from .results import after_submission


@bp.route("/quiz/<slug>/")
@launch_required
def quiz(slug: str) -> Any:
    """The questions to answer (with the answers saved so far), and the attempts already submitted."""
    module = _module_with_questions(slug)
    db, member = get_session(), current_membership()
    attempts = attempts_of(db, member.id, slug)
    current = in_progress(attempts)
    reading = Reading(saved_answers(db, current) if current else {}, {})
    allowed = allowed_attempts(db, member.id, module)
    return _quiz_page(module, attempts, allowed, reading, saved=request.args.get("enregistre") == "1")


@bp.route("/quiz/<slug>/", methods=["POST"])
@records_activity
def answer(slug: str) -> Any:
    """Save the answers given; with « Valider », score the attempt and show its result."""
    module = _module_with_questions(slug)
    db, member, now = get_session(), current_membership(), utcnow()
    sent_number = request.form.get("attempt", type=int)
    if sent_number is None:
        abort(400, description="no_attempt_named")
    allowed = allowed_attempts(db, member.id, module)
    attempts = attempts_of(db, member.id, slug)
    try:
        attempt = open_attempt(db, member.id, module, now, allowed, attempts)
    except NoAttemptLeft:
        abort(409, description="no_attempt_left")
    if sent_number != attempt.number:  # a form sent twice, or from an attempt already submitted
        abort(409, description="attempt_closed")
    if request.form.get("revision", type=int) != attempt.revision:  # saved since, from another tab or device
        abort(409, description="answers_changed")
    questions = questions_of(module, attempt)
    try:
        reading = read_form(questions, request.form)
    except UnknownQuestion:
        abort(400, description="unknown_question")
    if reading.problems:  # nothing is saved: the form comes back as it was sent, to correct and send again
        typed = {q.id: q.typed_back(request.form) for q in questions if q.id in reading.problems}
        return _quiz_page(module, attempts, allowed, Reading(reading.answers | typed, reading.problems)), 422
    save_answers(db, attempt, reading.answers, now)
    if "valider" not in request.form:
        return redirect(url_for("assessments.quiz", slug=slug, enregistre=1), code=303)
    submit(db, attempt, module, reading.answers, now)  # the form answered every question of the attempt
    after_submission(db, member, module, attempt, attempts, finished=reveals(attempts, allowed), now=now)
    return redirect(url_for("assessments.result", slug=slug, number=attempt.number), code=303)


@bp.route("/quiz/<slug>/essais/<int:number>")
@launch_required
def result(slug: str, number: int) -> Any:
    """One submitted attempt: the score, and per question what was right, why, and (when allowed) the answer."""
    module = _module_with_questions(slug)
    db, member = get_session(), current_membership()
    attempts = attempts_of(db, member.id, slug)
    found = next((a for a in attempts if a.number == number and a.submitted_at is not None), None)
    if found is None:
        abort(404)
    allowed = allowed_attempts(db, member.id, module)
    reveal = reveals(attempts, allowed)
    answers = saved_answers(db, found)
    items = [(q, q.feedback_view(answers.get(q.id), reveal=reveal)) for q in questions_of(module, found)]
    return render_template(
        "assessments/result.html",
        module=module,
        attempt=found,
        items=items,
        left=attempts_left(attempts, allowed),
        reveal=reveal,
        kept=kept(module, attempts),
    )


def _quiz_page(module: Module, attempts: list[Any], allowed: int, reading: Reading, saved: bool = False) -> str:
    current = in_progress(attempts)
    submitted = [a for a in attempts if a.submitted_at is not None]
    left = attempts_left(attempts, allowed)
    return render_template(
        "assessments/quiz.html",
        module=module,
        questions=questions_of(module, current),
        reading=reading,
        submitted=submitted,
        number=current.number if current else len(attempts) + 1,
        revision=current.revision if current else 0,
        can_answer=current is not None or left != 0,
        remaining=allowed - len(submitted) if allowed else None,
        kept=kept(module, attempts),
        saved=saved,
    )


def _module_with_questions(slug: str) -> Module:
    """A module answered here; not the entry test, drawn and timed on its own pages (entry_test_views)."""
    found = get_catalogue().get(slug)
    if found is None or not found.questions or found.kind == ENTRY_TEST:
        abort(404)
    return found
