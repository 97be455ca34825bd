"""The exports page and its three files: quiz attempts, reviews with their follow-ups, attendance (the list's
own file is export.py's).

Each file covers the learners the viewer may see, as the list does: this
course's, or with `cours=tous` every course they follow (an administrator:
every course of the LMS); a mentor only the learners it follows, without an
e-mail address in place of a missing name (as the list's file), and never the
reviews (a review says why someone dropped out; the adviser receives the
printed one from the référent). Those the roster says left the course are out
of the attempts and the attendance, as they are out of the list; the reviews
keep them: the 3- and 6-month follow-ups are noted after many have left the
nursery's course. Each download is recorded in the audit trail
(who, when, which file of which scope) in the request's transaction, which the
app commits in `after_request`, before the first byte of the file streams out
(db.init_app): a download that starts is always on record, and a refused one
(4xx) never is.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any, Protocol

from flask import abort, render_template, request
from flask_babel import get_timezone, gettext
from sqlalchemy import ColumnElement, Select, select, union_all

from ..access import current_membership, staff_required
from ..audit import record
from ..exports import attempts, attendance, reviews
from ..exports.trail import EVERY_COURSE, THIS_COURSE, recent, what
from ..models import AuditEvent
from ..models.audit import EXPORT
from ..risk.rules import Rules
from ..sessions import Member
from . import bp
from .csv_export import csv_response
from .list_view import ListView
from .queries import followed_courses, visible_learners_query


class _File(Protocol):
    """A module of lms_service/exports: its header, and its rows over a subquery of learner ids."""

    def header(self) -> list[str]: ...
    def rows(self, learners: Select[Any], emails: bool) -> Iterator[list[object]]: ...


@bp.route("/exports")
@staff_required
def exports() -> Any:
    """What each file holds, links to take them, and the last downloads the viewer may know of."""
    viewer = current_membership()
    return render_template("tutor/exports.html", viewer=viewer, reviews=viewer.writes,
                           across=viewer.writes,
                           downloads=recent(viewer.context_id, _trail_of(viewer)))  # fmt: skip


@bp.route("/exports/essais.csv")
@staff_required
def export_attempts() -> Any:
    return _download("essais", gettext("essais aux quiz"), attempts)


@bp.route("/exports/bilans.csv")
@staff_required
def export_reviews() -> Any:
    if not current_membership().writes:
        abort(403)
    return _download("bilans", gettext("bilans et suivis"), reviews, with_left=True)


@bp.route("/exports/presences.csv")
@staff_required
def export_attendance() -> Any:
    return _download("presences", gettext("présences"), attendance)


def _download(name: str, words: str, rows_of: _File, with_left: bool = False) -> Any:
    """The file of the learners the viewer may see, in the scope asked for (`with_left`: those who left the
    course too), recorded before it streams."""
    viewer = current_membership()
    courses = request.args.get("cours", "")
    if courses not in ("", EVERY_COURSE):
        abort(400)
    view = ListView(courses=courses)
    learners = visible_learners_query(viewer, False, view, Rules())
    if with_left:
        left = visible_learners_query(viewer, False, replace(view, status="partis"), Rules())
        learners = select(union_all(learners, left).subquery().c.id)
    if request.method != "HEAD":  # a HEAD request takes no file: nothing to account for
        record(viewer, EXPORT, what=what(name, courses or THIS_COURSE))
    where = gettext("tous les cours") if courses else (viewer.course_name or gettext("cours"))
    rows = rows_of.rows(learners, viewer.writes)
    return csv_response(f"{where} - {words}.csv", rows_of.header(), rows, get_timezone())




def _trail_of(viewer: Member) -> ColumnElement[bool] | None:
    """Whose downloads the page lists: an administrator, the LMS's; a tutor, those from the courses they follow;
    a mentor, its own."""
    if viewer.is_admin:
        return None
    if viewer.is_tutor:
        return AuditEvent.context_id.in_(followed_courses(viewer))
    return AuditEvent.actor_id == viewer.id
