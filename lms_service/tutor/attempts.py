"""The référent's view of a learner's quizzes and entry test: each attempt with its answers (and, for the
test, its score per section), one more attempt granted, and extra time for a timed test."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select

from ..access import current_membership, records_activity, staff_required
from ..assessments.attempts import extra_attempts, grant_attempt, grant_time, questions_of, saved_answers, with_extra
from ..assessments.entry_test import section_scores
from ..assessments.survey_totals import answers_are_private
from ..content import Module, get_catalogue
from ..db import get_session, utcnow
from ..grades.messages import gradebook_line
from ..models import Attempt, AttemptAllowance, GradeOutbox, Membership
from . import bp
from .queries import visible_learner

EXTRA_MINUTES = (0, 15, 30, 45, 60, 90)  # what a référent may add to a timed test: up to its double and more


@dataclass(frozen=True)
class QuizSummary:
    """A quiz or the entry test as the référent sees it for one learner."""

    module: Module
    attempts: list[Attempt]
    allowed: int  # attempts allowed, those granted included (0: no limit)
    extra: int  # attempts granted
    minutes: int  # minutes added to a timed test
    gradebook: str | None = None  # where its score stands in the LMS gradebook
    counted: int | None = None  # the score queued for the gradebook, in per cent (the best or last attempt's)


def quizzes_of(member: Membership, grades: Iterable[GradeOutbox]) -> list[QuizSummary]:
    """Each module this learner has attempted, has a score for, or may take on a référent's grant, in path order.

    `grades` are the learner's outbox rows, read once by the page (its timeline tells them too).
    """
    db = get_session()
    rows = db.scalars(select(Attempt).where(Attempt.membership_id == member.id).order_by(Attempt.number))
    by_module: dict[str, list[Attempt]] = {}
    for attempt in rows:
        by_module.setdefault(attempt.module_slug, []).append(attempt)
    allowances = select(
        AttemptAllowance.module_slug, AttemptAllowance.extra_attempts, AttemptAllowance.extra_minutes
    ).where(AttemptAllowance.membership_id == member.id)
    granted = {slug: (extra, minutes) for slug, extra, minutes in db.execute(allowances)}
    sent = {row.module_slug: row for row in grades}
    summaries = []
    for module in get_catalogue().ordered():
        shown = module.slug in by_module or module.slug in sent or module.time_limit_minutes
        if shown and not answers_are_private(module):
            extra, minutes = granted.get(module.slug, (0, 0))
            attempts = by_module.get(module.slug, [])
            row = sent.get(module.slug)
            line, counted = (gradebook_line(row), _percent(row)) if row is not None else (None, None)
            summaries.append(QuizSummary(module, attempts, with_extra(module, extra), extra, minutes, line, counted))
    return summaries


def _percent(row: GradeOutbox) -> int | None:
    return round(100 * row.score_given / row.score_maximum) if row.score_maximum else None


@bp.route("/learners/<int:membership_id>/quiz/<slug>/essais/<int:number>")
@staff_required
def attempt(membership_id: int, slug: str, number: int) -> Any:
    """One submitted attempt as the référent sees it: every answer, right or not, with the expected one."""
    member, module = _learner_and_module(membership_id, slug)
    db = get_session()
    found = db.scalars(
        select(Attempt).where(
            Attempt.membership_id == member.id,
            Attempt.module_slug == slug,
            Attempt.number == number,
            Attempt.submitted_at.is_not(None),
        )
    ).first()
    if found is None:
        abort(404)
    answers = saved_answers(db, found)
    items = [(q, q.feedback_view(answers.get(q.id), reveal=True)) for q in questions_of(module, found)]
    scores = section_scores(module, found, answers) if module.sections else []
    return render_template(
        "tutor/attempt.html", member=member, module=module, attempt=found, items=items, scores=scores
    )


@bp.route("/learners/<int:membership_id>/quiz/<slug>/accorder", methods=["POST"])
@records_activity  # the référent's requests follow one another: a double click is read once
@staff_required
def grant(membership_id: int, slug: str) -> Any:
    """One more attempt at this module for this learner (after a talk, when all are used)."""
    member, module = _learner_and_module(membership_id, slug)
    if not module.max_attempts:
        abort(404)  # no limit to lift
    db = get_session()
    # The form says how many were granted when it was shown: sent twice, it grants once.
    if request.form.get("extra", type=int) == extra_attempts(db, member.id, slug):
        grant_attempt(db, member.id, slug, current_membership().id, utcnow())
    return redirect(url_for("tutor.learner", membership_id=member.id, accorde=slug, _anchor="quiz"), code=303)


@bp.route("/learners/<int:membership_id>/quiz/<slug>/temps", methods=["POST"])
@records_activity
@staff_required
def grant_extra_time(membership_id: int, slug: str) -> Any:
    """Extra time for a timed test (an accessibility need): for each attempt, the one in progress included."""
    member, module = _learner_and_module(membership_id, slug)
    if not module.time_limit_minutes:
        abort(404)  # no time limit to extend
    minutes = request.form.get("minutes", type=int)
    if minutes not in EXTRA_MINUTES:
        abort(400)
    grant_time(get_session(), member.id, slug, minutes, current_membership().id, utcnow())
    return redirect(url_for("tutor.learner", membership_id=member.id, temps=slug, _anchor="quiz"), code=303)


def _learner_and_module(membership_id: int, slug: str) -> tuple[Membership, Module]:
    """A learner of the viewer's course and a quiz: only for tutors and administrators.

    A mentor follows some learners but does not mark them: the expected answers and
    extra attempts are not theirs to see or give.
    """
    viewer = current_membership()
    if not viewer.writes:
        abort(403)
    member = visible_learner(viewer, membership_id)
    module = get_catalogue().get(slug)
    if member is None or module is None or not module.questions or answers_are_private(module):
        abort(404)
    return member, module
