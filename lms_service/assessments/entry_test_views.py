"""The learner's entry test: start it, answer screen by screen against the clock, resume, see the results.

Every route takes the membership (records_activity): the one that finds the
attempt past its deadline closes it, and one person's requests follow one
another, as for quizzes.
"""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from werkzeug import Response

from ..access import current_membership, launch_required, records_activity
from ..content import Module, get_catalogue
from ..db import get_session, utcnow
from ..models import Attempt
from . import bp
from .attempts import (
    NoAttemptLeft,
    Reading,
    UnknownQuestion,
    allowed_attempts,
    attempts_left,
    attempts_of,
    extra_minutes,
    in_progress,
    open_attempt,
    read_form,
    reveals,
    save_answers,
    saved_answers,
    submit,
)
from .draw import UnusableDraw
from .entry_test import (
    ENTRY_TEST,
    Screen,
    close_at_deadline,
    drawn_of,
    is_late,
    plan,
    remaining,
    screens,
    section_scores,
)
from .results import after_submission


@bp.route("/test/<slug>/")
@records_activity
def entry_test(slug: str) -> Any:
    """The test's first page (its rules, then « Commencer »), or the attempt in progress, resumed."""
    module, db, member = _entry_test(slug), get_session(), current_membership()
    attempts = attempts_of(db, member.id, slug)
    current = in_progress(attempts)
    if current is not None:
        return _resume(module, current, attempts)
    allowed = allowed_attempts(db, member.id, module)
    return render_template(
        "assessments/entry_test/start.html",
        module=module,
        submitted=attempts,
        left=attempts_left(attempts, allowed),
        minutes=(module.time_limit_minutes or 0) + extra_minutes(db, member.id, slug),
        questions=sum(section.draw for section in module.sections),
    )


@bp.route("/test/<slug>/", methods=["POST"])
@records_activity
def start(slug: str) -> Any:
    """Draw the questions and start the clock; a second click finds the attempt already started."""
    module, db, member, now = _entry_test(slug), get_session(), current_membership(), utcnow()
    attempts = attempts_of(db, member.id, slug)
    if in_progress(attempts) is None:  # not started by a first click: draw now
        allowed = allowed_attempts(db, member.id, module)
        new = plan(module, now, extra_minutes(db, member.id, slug))
        try:
            open_attempt(db, member.id, module, now, allowed, attempts, new)
        except NoAttemptLeft:
            abort(409, description="no_attempt_left")
    return redirect(url_for("assessments.entry_test", slug=slug), code=303)


@bp.route("/test/<slug>/ecran/<int:number>")
@records_activity
def screen(slug: str, number: int) -> Any:
    """One screen of the attempt in progress, with the answers saved so far and the time left."""
    module, db, member = _entry_test(slug), get_session(), current_membership()
    attempts = attempts_of(db, member.id, slug)
    current = in_progress(attempts)
    if current is None or is_late(current, utcnow()):
        return _resume(module, current, attempts) if current else redirect(url_for("assessments.entry_test", slug=slug))
    cut = _screens(module, current)
    shown = _screen_of(cut, number)
    answers = saved_answers(db, current)
    return _screen_page(module, current, cut, shown, Reading({q: answers.get(q) for q in shown.question_ids}, {}))


@bp.route("/test/<slug>/ecran/<int:number>", methods=["POST"])
@records_activity
def answer_screen(slug: str, number: int) -> Any:
    """Save this screen's answers, then go on, back, or hand the test in."""
    module, db, member, now = _entry_test(slug), get_session(), current_membership(), utcnow()
    attempts = attempts_of(db, member.id, slug)
    current = in_progress(attempts)
    sent = request.form.get("attempt", type=int)
    if sent is None:
        abort(400, description="no_attempt_named")
    if current is None or sent != current.number:
        abort(409, description="attempt_closed")
    if is_late(current, now):  # nothing taken: the attempt ends at its deadline with what was saved by then
        return render_template("assessments/entry_test/time_over.html", module=module), 409
    if request.form.get("revision", type=int) != current.revision:
        abort(409, description="answers_changed")
    cut = _screens(module, current)
    shown = _screen_of(cut, number)
    questions = [module.questions[qid] for qid in shown.question_ids]
    try:
        reading = read_form(questions, request.form)
    except UnknownQuestion:  # a question of another screen, or one this attempt never drew
        abort(400, description="unknown_question")
    if reading.problems:
        typed = {q.id: q.typed_back(request.form) for q in questions if q.id in reading.problems}
        return _screen_page(module, current, cut, shown, Reading(reading.answers | typed, reading.problems)), 422
    save_answers(db, current, reading.answers, now)
    if "terminer" in request.form:
        return _hand_in(module, current, attempts, saved_answers(db, current))
    step = -1 if "precedent" in request.form else 1
    target = min(max(number + step, 1), len(cut))
    return redirect(url_for("assessments.screen", slug=slug, number=target), code=303)


@bp.route("/test/<slug>/resultat/<int:number>")
@launch_required
def entry_result(slug: str, number: int) -> Any:
    """A submitted attempt: each section against its threshold, what comes next, then the answers."""
    module, db, member = _entry_test(slug), get_session(), current_membership()
    attempts = attempts_of(db, member.id, slug)
    found = next((a for a in attempts if a.number == number and a.submitted_at is not None), None)
    if found is None:
        abort(404)
    reveal = reveals(attempts, allowed_attempts(db, member.id, module))
    answers = saved_answers(db, found)
    items = [(module.questions[q], module.questions[q].feedback_view(answers.get(q), reveal=reveal))
             for q in found.question_ids if q in module.questions]  # fmt: skip
    return render_template(
        "assessments/entry_test/result.html",
        module=module,
        attempt=found,
        scores=section_scores(module, found, answers),
        items=items,
        reveal=reveal,
        late=request.args.get("temps") == "ecoule",
        prepare=_preparing(module),
    )


def _preparing(module: Module) -> dict[str, list[Module]]:
    """Each section's `prepare` modules that are served (a slug may name a module not loaded)."""
    catalogue = get_catalogue()
    return {s.id: [m for m in map(catalogue.get, s.prepare) if m is not None] for s in module.sections}


def _resume(module: Module, current: Attempt, attempts: list[Attempt]) -> Response:
    """Back to the attempt in progress at its first screen left blank; past its deadline, closed and scored."""
    db, now = get_session(), utcnow()
    answers = saved_answers(db, current)
    if is_late(current, now):
        close_at_deadline(db, current, module, answers)
        after_submission(db, current_membership(), module, current, attempts, finished=True, now=now)
        return redirect(url_for("assessments.entry_result", slug=module.slug, number=current.number, temps="ecoule"))
    cut = _screens(module, current)
    blank = next((s.number for s in cut if any(q not in answers for q in s.question_ids)), len(cut))
    return redirect(url_for("assessments.screen", slug=module.slug, number=blank))


def _hand_in(module: Module, current: Attempt, attempts: list[Attempt], answers: dict[str, Any]) -> Response:
    db, now = get_session(), utcnow()
    submit(db, current, module, answers, now)
    after_submission(db, current_membership(), module, current, attempts, finished=True, now=now)
    return redirect(url_for("assessments.entry_result", slug=module.slug, number=current.number), code=303)


def _screen_page(module: Module, attempt: Attempt, cut: list[Screen], shown: Screen, reading: Reading) -> str:
    left = remaining(attempt, utcnow())
    first_number = sum(len(s.question_ids) for s in cut[: shown.number - 1])
    return render_template(
        "assessments/entry_test/screen.html",
        module=module,
        attempt=attempt,
        screen=shown,
        screen_count=len(cut),
        first_number=first_number,
        reading=reading,
        minutes_left=None if left is None else int(left.total_seconds() // 60),
    )


def _screen_of(cut: list[Screen], number: int) -> Screen:
    if not 1 <= number <= len(cut):
        abort(404)
    return cut[number - 1]


def _screens(module: Module, attempt: Attempt) -> list[Screen]:
    """The attempt's screens, from the draw it stored."""
    try:
        return screens(module, drawn_of(module, attempt))
    except UnusableDraw:  # the test changed under the attempt: it cannot be shown as it was drawn
        abort(409, description="draw_changed")


def _entry_test(slug: str) -> Module:
    found = get_catalogue().get(slug)
    if found is None or found.kind != ENTRY_TEST or not found.sections:
        abort(404)
    return found
