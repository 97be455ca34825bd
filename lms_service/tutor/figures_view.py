"""The programme's figures (issue 14, point 5): an administrator's for every course of their LMS, a tutor's for
the courses they follow; a mentor follows a few learners, not the programme, and is refused.

A bounded number of statements whatever the number of learners or courses:
the courses in scope (and the one asked for), the grouped counts of their
learners, their follow-ups (lms_service/figures/queries.py).
"""
from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_babel import format_date, format_number, get_timezone, gettext

from ..access import current_membership, staff_required
from ..figures.page import month_words, retention_words, sections
from ..figures.queries import RETENTION_AFTER, cohorts, find_course, follow_ups, scope_courses
from ..figures.selection import MODALITIES, month_key, months_offered, read_selection
from ..figures.tally import tally
from ..local_time import paris_today
from ..records.words import modality_words
from . import bp
from .queries import followed_courses

COURSES_SHOWN = 200  # rows of the table by course (and choices of the course filter), sorted by name


@bp.route("/chiffres")
@staff_required
def figures() -> Any:
    """Entries, retention, the reviews' outcomes and follow-ups, by month, modality and course."""
    viewer = current_membership()
    if not viewer.writes:
        abort(403)
    today = paris_today()
    try:
        asked = read_selection(request.args, today)
    except ValueError:
        abort(400)  # the page's own form offers nothing else
    scope = followed_courses(viewer)
    courses, more = scope_courses(scope, COURSES_SHOWN)
    chosen = None if asked.course_id is None else find_course(scope, asked.course_id)
    if asked.course_id is not None and chosen is None:
        abort(404)  # another LMS's course, or one this tutor does not follow
    modalities = modality_words()
    kept = [MODALITIES[asked.modality]] if asked.modality else list(MODALITIES.values())
    found = tally(
        cohorts(scope, asked, today, str(get_timezone())), follow_ups(scope, asked),
        [(month, month_words(month)) for month in asked.months], [(value, modalities[value]) for value in kept],
        [(course.id, course.name) for course in ([chosen] if chosen else courses)],
    )  # fmt: skip
    period = gettext("de %(first)s à %(last)s", first=month_words(asked.first), last=month_words(asked.last))
    return render_template(
        "tutor/figures.html", viewer=viewer, asked=asked, courses=courses, more_courses=more, chosen=chosen,
        modality=modalities[kept[0]], figures=found, sections=sections(found, period), period=period,
        retention_words=retention_words, first=month_key(asked.first), last=month_key(asked.last),
        months=[(month_key(month), month_words(month)) for month in months_offered(today)],
        counted_until=format_date(today - RETENTION_AFTER, "long"), courses_shown=COURSES_SHOWN, number=format_number,
    )  # fmt: skip
