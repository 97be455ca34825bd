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
from ..models import CourseFigures
from ..risk.rules import course_rules
from ..sessions import Member
from ..url_patterns import UrlPattern
from . import bp
from .dashboard_words import Days, dashboard_words
from .grid_cells import GridCells
from .keyset import Cursor, decode
from .list_view import ListView, read_view
from .queries import COUNT_CAP, count_learners, follows_anyone, learners_page
from .referents import NOBODY, course_tutors
from .weeks import pace

PER_PAGE = 50


@bp.route("/")
@staff_required
def dashboard() -> Any:
    viewer = current_membership()
    view = read_view(request.args)
    cursor = _cursor(view)
    mine = mine_first(viewer, view)
    view = dataclasses.replace(view, mine=mine)
    rules = course_rules(get_session(), viewer.context_id)
    catalogue = get_catalogue()
    nursery = catalogue.nursery()
    rows, page = learners_page(viewer, view, mine, rules, cursor, PER_PAGE, nursery)
    edits = viewer.writes and view.courses != "tous"
    grid = [module for module in catalogue.ordered() if module.slug in nursery]
    words = dashboard_words(rules)
    return render_template(
        "tutor/dashboard.html",
        viewer=viewer,
        rows=rows,
        page=page,
        total=count_learners(viewer, mine, view, rules),
        count_cap=COUNT_CAP,
        figures=get_session().get(CourseFigures, viewer.context_id),
        mine=mine,
        view=view,
        tutors=course_tutors(viewer.context_id) if edits else [],
        assigned=request.args.get("assignes", type=int),
        confirmed=request.args.get("confirmees", type=int),
        nobody=NOBODY,
        grid=grid,
        grid_cells=GridCells([module.slug for module in grid], words),
        words=words,
        rules=rules,
        pace_of=lambda row: pace(row.week, row.completed, len(nursery)),
        nursery=nursery,
        days=Days(),
        learner_href=UrlPattern("tutor.learner", "membership_id"),
    )


def _cursor(view: ListView) -> Cursor | None:
    """The page asked for: after a row (next) or before one (previous); none for the first page."""
    after, before = request.args.get("apres"), request.args.get("avant")
    if after is not None and before is not None:
        abort(400)
    if after is None and before is None:
        return None
    return decode(view.sort, after if after is not None else before or "", backwards=before is not None)


def mine_first(viewer: Member, view: ListView) -> bool:
    """« Mes apprenants » first: a tutor who follows anyone sees them, unless they asked for the whole course."""
    if view.mine is not None:
        return view.mine
    return viewer.is_tutor and view.courses != "tous" and follows_anyone(viewer)


@bp.route("/questionnaires")
@staff_required
def course_surveys() -> Any:
    """The course's survey totals, on a page of their own: counting them reads every answer of the course."""
    viewer = current_membership()
    if not viewer.writes:
        abort(403)  # a mentor alone: a small scope could tell who answered what
    return render_template("tutor/course_surveys.html", viewer=viewer, surveys=_surveys(viewer))


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
    """The course's survey totals."""
    return [survey_totals(get_session(), viewer.context_id, module) for module in _survey_modules()]


def _survey_modules() -> list[Module]:
    return [m for m in get_catalogue().ordered() if answers_are_private(m)]
