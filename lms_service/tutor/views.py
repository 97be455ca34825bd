"""The tutor's list of learners in this course, and one learner's detail with their facts."""
from __future__ import annotations

import dataclasses
from typing import Any

from flask import abort, render_template, request

from ..access import current_membership, staff_required
from ..assessments.survey_totals import SurveyTotals, answers_are_private, lms_survey_totals, survey_totals
from ..content import Module, get_catalogue
from ..db import get_session
from ..grades.failures import stuck_scores
from ..sessions import Member
from . import bp
from .list_view import ListView, read_view
from .queries import count_learners, follows_anyone, learners_page
from .referents import NOBODY, course_tutors
from .weeks import NURSERY_WEEKS

PER_PAGE = 50
FILTERS = {"modalities": ("", "presentiel", "distance"), "connections": ("", "jamais", "venus"), "inactive": (0, 3, 7, 14),
           "sorts": ("activite", "nom", "entree")}  # fmt: skip


@bp.route("/")
@staff_required
def dashboard() -> Any:
    viewer = current_membership()
    view = read_view(request.args)
    mine = mine_first(viewer, view)
    total = count_learners(viewer, mine, view)
    pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
    # Past the last page shows the last page: the offset never leaves the list (nor an integer's range).
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    rows = learners_page(viewer, page, PER_PAGE, mine, view)
    catalogue = get_catalogue()
    titles = {m.slug: m.title for m in catalogue.ordered()}
    nursery = catalogue.nursery()
    return render_template(
        "tutor/dashboard.html",
        surveys=_surveys(viewer) if viewer.is_tutor or viewer.is_admin else [],
        viewer=viewer,
        rows=rows,
        titles=titles,
        nursery=nursery,
        module_count=len(nursery),
        page=page,
        pages=pages,
        total=total,
        mine=mine,
        view=dataclasses.replace(view, mine=mine),
        filters=FILTERS,
        tutors=course_tutors(viewer.context_id) if viewer.is_tutor or viewer.is_admin else [],
        assigned=request.args.get("assignes", type=int),
        nobody=NOBODY,
        nursery_weeks=NURSERY_WEEKS,
    )


def mine_first(viewer: Member, view: ListView) -> bool:
    """« Mes apprenants » first: a tutor who follows anyone sees them, unless they asked for the whole course."""
    if view.mine is not None:
        return view.mine
    return viewer.is_tutor and follows_anyone(viewer)



@bp.route("/lms/questionnaires")
@staff_required
def lms_surveys() -> Any:
    """The LMS administrator's page: each course of their LMS with its survey totals, never another LMS's.

    No course in the URL: the LMS is the one of the course launched from.
    """
    viewer = current_membership()
    if not viewer.is_admin:
        abort(403)
    courses = lms_survey_totals(get_session(), viewer.context_id, _survey_modules())
    return render_template("tutor/lms_surveys.html", courses=courses)


@bp.route("/lms/notes")
@staff_required
def lms_grades() -> Any:
    """The LMS administrator's page: scores that did not reach the gradebook, in every course of their LMS."""
    viewer = current_membership()
    if not viewer.is_admin:
        abort(403)
    titles = {module.slug: module.title for module in get_catalogue().modules.values()}
    return render_template("tutor/lms_grades.html", stuck=stuck_scores(get_session(), viewer.context_id), titles=titles)


def _surveys(viewer: Member) -> list[SurveyTotals]:
    """The course's survey totals (not for a mentor alone: a small scope could tell who answered what)."""
    return [survey_totals(get_session(), viewer.context_id, module) for module in _survey_modules()]


def _survey_modules() -> list[Module]:
    return [m for m in get_catalogue().ordered() if answers_are_private(m)]
