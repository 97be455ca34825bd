"""Issue 14, point 5: retention counts activity « on or after day 28 after entry », in Paris days, and only for
learners who entered five weeks ago or more. Day 28 begins at midnight in Paris, which is 23:00 or 22:00 UTC the
day before: the offset of day 28 itself, so the tests sit on both summer time changes. The same statement runs on
SQLite (offsets worked out in Python) and PostgreSQL (AT TIME ZONE): run these on both."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from lms_service.figures.local_days import offset_runs
from lms_service.figures.queries import cohorts
from lms_service.figures.selection import Selection
from lms_service.models import Context
from lms_service.tutor.queries import followed_courses

TODAY = date(2026, 12, 31)
PERIOD = Selection(first=date(2026, 2, 1), last=date(2026, 10, 1))
# (entry, when day 28 begins in UTC): before and after each summer time change of 2026 (29 March, 25 October).
DAY_28 = {
    date(2026, 2, 10): datetime(2026, 3, 9, 23, 0, tzinfo=UTC),  # winter
    date(2026, 3, 1): datetime(2026, 3, 28, 23, 0, tzinfo=UTC),  # day 28 is 29 March: its midnight is still winter's
    date(2026, 3, 2): datetime(2026, 3, 29, 22, 0, tzinfo=UTC),  # day 28 is 30 March: summer
    date(2026, 9, 27): datetime(2026, 10, 24, 22, 0, tzinfo=UTC),  # day 28 is 25 October: its midnight is summer's
    date(2026, 9, 28): datetime(2026, 10, 25, 23, 0, tzinfo=UTC),  # day 28 is 26 October: winter again
}


class _Admin:
    """What `followed_courses` reads of an administrator launched from `context_id`."""

    is_tutor, is_admin, is_mentor, writes = True, True, False, True

    def __init__(self, context_id: int) -> None:
        self.context_id = context_id


def _stayed(app, course: Context, courses: dict[int, str], today: date = TODAY,
            period: Selection = PERIOD) -> dict[str, tuple[int, int]]:  # fmt: skip
    """Each learner's (counted, stayed), by name: every learner here has a course of their own."""
    with app.test_request_context():
        found = cohorts(followed_courses(_Admin(course.id)), period, today, "Europe/Paris")
    return {courses[c.course_id]: (c.counted, c.stayed) for c in found if c.course_id in courses}


@pytest.mark.parametrize("entry", list(DAY_28))
def test_day_28_begins_at_midnight_in_paris_whatever_the_season(app, make, db, entry) -> None:
    start = DAY_28[entry]
    courses = {}
    home = make.course("Accueil")
    for name, active in (("at midnight", start), ("a second before", start - timedelta(seconds=1)),
                         ("an hour before", start - timedelta(hours=1)), ("never", None)):  # fmt: skip
        course = make.course(name)
        make.member(course, name, entry_date=entry, modality="on_site", last_activity_at=active)
        courses[course.id] = name
    db.commit()
    assert _stayed(app, home, courses) == {"at midnight": (1, 1), "a second before": (1, 0), "an hour before": (1, 0),
                                           "never": (1, 0)}  # fmt: skip


def test_the_offsets_change_with_summer_time_and_nowhere_else() -> None:
    assert offset_runs((PERIOD.first, PERIOD.end), 28, "Europe/Paris") == [
        (date(2026, 2, 1), 60), (date(2026, 3, 2), 120), (date(2026, 9, 28), 60)]


def test_only_learners_who_entered_five_weeks_ago_or_more_are_counted(app, make, db) -> None:
    home, courses = make.course("Accueil"), {}
    today = date(2026, 10, 20)
    for name, entry in (("35 days", today - timedelta(days=35)), ("34 days", today - timedelta(days=34)),
                        ("28 days", today - timedelta(days=28))):  # fmt: skip
        course = make.course(name)
        make.member(course, name, entry_date=entry, last_activity_at=datetime(2026, 10, 19, 12, tzinfo=UTC))
        courses[course.id] = name
    db.commit()
    found = _stayed(app, home, courses, today, Selection(first=date(2026, 9, 1), last=date(2026, 10, 1)))
    assert found == {"35 days": (1, 1), "34 days": (0, 0), "28 days": (0, 0)}


def test_a_review_other_than_dropped_out_keeps_a_silent_learner(app, make, db) -> None:
    from .conftest import review

    home, courses = make.course("Accueil"), {}
    for outcome in ("training", "project", "job", "reorientation", "dropped_out", None):
        course = make.course(str(outcome))
        member = make.member(course, str(outcome), entry_date=date(2026, 5, 4), last_activity_at=None)
        if outcome:
            review(db, member, outcome)
        courses[course.id] = str(outcome)
    db.commit()
    assert _stayed(app, home, courses) == {"training": (1, 1), "project": (1, 1), "job": (1, 1),
                                           "reorientation": (1, 1), "dropped_out": (1, 0), "None": (1, 0)}  # fmt: skip
