"""One learner's activity as the référent reads it: newest first, LIMIT events a page, older ones behind a link.

The events come from rows the service keeps anyway (the first launch, each
module's progress row, page views, attempts, the grade outbox); no event
table is written for this page. Pages are told per module and per day, never
one line per page. A page of the timeline costs two queries whatever the
learner did: the page views (at most one row per page of the catalogue) and
the submitted attempts before the cursor, LIMIT + 1 of them; progress and
outbox rows are read once for the whole learner page and handed in.

The cursor (`?depuis=`) is the last event shown: its moment, its rank (what
comes first when two events share a moment, as a quiz passed and the module
it completes) and an id, so two events of the same microsecond are never
skipped nor shown twice from one page to the next.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import get_timezone, gettext
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..content import Module
from ..db import as_utc
from ..grades.outbox import WHOLE_PATH
from ..models import Attempt, GradeOutbox, Membership, ModuleProgress, PageView
from ..models.grades import SENT, STOPPED
from .weeks import nursery_week

LIMIT = 30

# Two events of one moment are told in the order they happened: the launch, the module begun, its pages, the
# attempt, the module it completes, the score on its way to the LMS (newest first, so the highest rank first).
LAUNCH, STARTED, PAGES, ATTEMPT, COMPLETED, GRADE = range(6)
KINDS = ("launch", "started", "pages", "attempt", "completed", "grade")  # by rank, as the template tells them
Cursor = tuple[datetime, int, str]
_CURSOR = re.compile(r"(\d{8}T\d{6}\.\d{6})_([0-5])_([\w@.-]{1,160})", re.ASCII)


@dataclass(frozen=True)
class Event:
    """Something the learner did, or that became of their score, at one moment (aware, UTC)."""

    at: datetime
    rank: int
    ident: str  # unique among events of this rank; orders those of the same moment
    slug: str = ""
    module: Module | None = None
    pages: int = 0  # pages first seen that day (PAGES)
    attempt: Attempt | None = None  # ATTEMPT
    grade: GradeOutbox | None = None  # GRADE

    @property
    def key(self) -> Cursor:
        return self.at, self.rank, self.ident

    @property
    def kind(self) -> str:
        return KINDS[self.rank]

    @property
    def title(self) -> str:
        """The module's title; the whole path's score says so; a module removed since is named by its folder."""
        if self.module is not None:
            return self.module.title
        return gettext("Parcours entier") if self.whole_path else self.slug

    @property
    def whole_path(self) -> bool:
        """A GRADE event of the whole path's score (a course that placed the path with one column)."""
        return self.slug == WHOLE_PATH and self.module is None

    @property
    def sent(self) -> bool:
        """A GRADE event: the LMS gradebook has the score (else it refused it)."""
        return self.grade is not None and self.grade.status == SENT

    @property
    def grade_percent(self) -> int | None:
        if self.grade is None or not self.grade.score_maximum:
            return None
        return round(100 * self.grade.score_given / self.grade.score_maximum)


@dataclass(frozen=True)
class Day:
    """The events of one day (the référent's time zone), with the learner's week in the nursery that day."""

    day: date
    week: int  # 0: before their entry
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class Timeline:
    days: list[Day]
    more: str | None  # the cursor of the next page, None when nothing older is left
    since: Cursor | None  # the cursor this page started from (None: the newest events)


def read_cursor(text: str | None) -> Cursor | None:
    """The `?depuis=` of a « voir plus » link; ValueError for anything a link of this page would not hold."""
    if not text:
        return None
    found = _CURSOR.fullmatch(text)
    if found is None:
        raise ValueError(text)
    if found.group(2) == str(ATTEMPT) and not re.fullmatch(r"\d{12}", found.group(3)):
        raise ValueError(text)  # an attempt's id, as write_cursor pads it: never past the column's range
    moment = datetime.strptime(found.group(1), "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC)
    return moment, int(found.group(2)), found.group(3)


def write_cursor(key: Cursor) -> str:
    at, rank, ident = key
    return f"{at.astimezone(UTC):%Y%m%dT%H%M%S.%f}_{rank}_{ident}"


def timeline(
    db: Session,
    member: Membership,
    modules: Mapping[str, Module],
    progress: Iterable[ModuleProgress],
    grades: Iterable[GradeOutbox],
    since: Cursor | None = None,
) -> Timeline:
    """The LIMIT events before `since` (or the newest), grouped by day, and the cursor of the next ones."""
    events = [
        *_launch(member),
        *_progress_events(progress, modules),
        *_page_events(db, member.id, modules),
        *_attempt_events(db, member.id, modules, since),
        *_grade_events(grades, modules),
    ]
    if since is not None:
        events = [event for event in events if event.key < since]
    events.sort(key=lambda event: event.key, reverse=True)
    shown = events[:LIMIT]
    more = write_cursor(shown[-1].key) if len(events) > LIMIT else None
    return Timeline(_by_day(shown, member.entry_date), more, since)


def _launch(member: Membership) -> list[Event]:
    return [Event(_utc(member.first_launch_at), LAUNCH, "1")] if member.first_launch_at else []


def _progress_events(rows: Iterable[ModuleProgress], modules: Mapping[str, Module]) -> list[Event]:
    """Each module begun, and each completed (a module completed again after a new version counts once)."""
    events = []
    for row in rows:
        module = modules.get(row.module_slug)
        if row.started_at is not None:
            events.append(Event(_utc(row.started_at), STARTED, row.module_slug, row.module_slug, module))
        if row.completed_at is not None:
            events.append(Event(_utc(row.completed_at), COMPLETED, row.module_slug, row.module_slug, module))
    return events


def _page_events(db: Session, membership_id: int, modules: Mapping[str, Module]) -> list[Event]:
    """Pages first seen, counted per module and per day; the day's event is at its last new page.

    Every page view of the learner is read (one row per page of the catalogue at most, so the cost is
    bounded by the content, not by the time spent), so a day is always whole, whatever the cursor.
    """
    rows = db.execute(
        select(PageView.module_slug, PageView.first_seen_at).where(PageView.membership_id == membership_id)
    )
    zone = get_timezone()
    groups: dict[tuple[str, date], tuple[datetime, int]] = {}
    for slug, seen in rows:
        at = _utc(seen)
        day = at.astimezone(zone).date()
        latest, count = groups.get((slug, day), (at, 0))
        groups[(slug, day)] = (max(latest, at), count + 1)
    return [
        Event(at, PAGES, f"{slug}@{day.isoformat()}", slug, modules.get(slug), pages=count)
        for (slug, day), (at, count) in groups.items()
    ]


def _attempt_events(
    db: Session, membership_id: int, modules: Mapping[str, Module], since: Cursor | None
) -> list[Event]:
    """The LIMIT + 1 newest attempts submitted before the cursor: enough for a page, never the whole history."""
    query = select(Attempt).where(Attempt.membership_id == membership_id, Attempt.submitted_at.is_not(None))
    if since is not None:
        at, rank, ident = since
        if rank > ATTEMPT:  # the cursor's moment shows attempts of that moment on the next page
            query = query.where(Attempt.submitted_at <= at)
        elif rank < ATTEMPT:
            query = query.where(Attempt.submitted_at < at)
        else:
            before = and_(Attempt.submitted_at == at, Attempt.id < int(ident))
            query = query.where(or_(Attempt.submitted_at < at, before))
    found = db.scalars(query.order_by(Attempt.submitted_at.desc(), Attempt.id.desc()).limit(LIMIT + 1))
    return [
        Event(_utc(a.submitted_at), ATTEMPT, f"{a.id:012d}", a.module_slug, modules.get(a.module_slug), attempt=a)
        for a in found
        if a.submitted_at is not None
    ]


def _grade_events(rows: Iterable[GradeOutbox], modules: Mapping[str, Module]) -> list[Event]:
    """Where each score stands now: received by the LMS gradebook, or refused there (stopped)."""
    events = []
    for row in rows:
        if row.status == SENT and row.sent_at is not None:
            at = row.sent_at
        elif row.status in STOPPED:
            at = row.last_tried_at or row.updated_at
        else:
            continue  # on its way: the quiz section says so
        module = modules.get(row.module_slug)
        events.append(Event(_utc(at), GRADE, f"{row.id:012d}", row.module_slug, module, grade=row))
    return events


def _by_day(events: Sequence[Event], entry: date) -> list[Day]:
    """Consecutive events of one local day together, each day with the learner's week in the nursery."""
    zone = get_timezone()
    days: list[Day] = []
    for event in events:
        day = event.at.astimezone(zone).date()
        if not days or days[-1].day != day:
            days.append(Day(day, nursery_week(entry, day)))
        days[-1].events.append(event)
    return days


def _utc(moment: datetime | None) -> datetime:
    """A stored moment, aware and in UTC (SQLite gives it back naive)."""
    assert moment is not None
    return as_utc(moment).astimezone(UTC)
