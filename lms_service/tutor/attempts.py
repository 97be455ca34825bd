"""The référent's view of a learner's quizzes: each attempt with its answers, and one more attempt granted."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select

from ..access import current_membership, records_activity, staff_required
from ..assessments.attempts import extra_attempts, grant_attempt, questions_of, saved_answers, with_extra
from ..assessments.survey_totals import answers_are_private
from ..content import Module, get_catalogue
from ..db import get_session, utcnow
from ..models import Attempt, AttemptAllowance, Membership
from . import bp
from .queries import visible_learner


def quizzes_of(member: Membership) -> list[tuple[Module, list[Attempt], int, int]]:
    """Each module this learner has attempted, in path order: attempts, how many allowed, how many granted."""
    db = get_session()
    rows = db.scalars(select(Attempt).where(Attempt.membership_id == member.id).order_by(Attempt.number))
    by_module: dict[str, list[Attempt]] = {}
    for attempt in rows:
        by_module.setdefault(attempt.module_slug, []).append(attempt)
    allowances = select(AttemptAllowance.module_slug, AttemptAllowance.extra_attempts).where(
        AttemptAllowance.membership_id == member.id
    )
    granted: dict[str, int] = {slug: extra for slug, extra in db.execute(allowances)}
    return [
        (module, by_module[module.slug], with_extra(module, granted.get(module.slug, 0)), granted.get(module.slug, 0))
        for module in get_catalogue().ordered()
        if module.slug in by_module and not answers_are_private(module)
    ]


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
    return render_template("tutor/attempt.html", member=member, module=module, attempt=found, items=items)


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


def _learner_and_module(membership_id: int, slug: str) -> tuple[Membership, Module]:
    """A learner of the viewer's course and a quiz: only for tutors and administrators.

    A mentor follows some learners but does not mark them: the expected answers and
    extra attempts are not theirs to see or give.
    """
    viewer = current_membership()
    if not (viewer.is_tutor or viewer.is_admin):
        abort(403)
    member = visible_learner(viewer, membership_id)
    module = get_catalogue().get(slug)
    if member is None or module is None or not module.questions or answers_are_private(module):
        abort(404)
    return member, module
