"""The worker's part of the roster: which course to read now, read it from the LMS, store it.

A course is due when a tutor's launch asked for it since the last read, or
when its last read is older than EVERY. One worker holds a course while it
reads all its pages (a lease on the course row, taken in a short transaction
and run out by a crash); the read itself happens with no transaction open.
The lease is renewed after each page, in a short transaction of its own, so a
slow LMS with many pages never lets it run out under a read that is still
going; a worker that finds it lost the lease stops reading.

A worker asked to stop (its `stop` event: SIGTERM, Ctrl+C) stops between two
pages. Such a read stores nothing, not even the members it had read: the worker
is leaving and should leave quickly, and the next read (by any worker) starts
from the first page anyway. The course is given back as due as it was, with no
error and no wait, since nothing went wrong with the LMS.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from lti.models import Platform
from lti.roster_service import STOPPED, Roster, RosterClient

from ..db import affected, utcnow
from ..local_time import local_day
from ..models import Context, ResourceLink
from .sync import Applied, apply_roster

log = logging.getLogger(__name__)

EVERY = timedelta(hours=6)
# Members asked per page: Moodle answers every member at once when no `limit` is given, and a course of
# 10,000 would not fit the transport's size cap (LTI_HTTP_MAX_BYTES, 1 MiB); 1,000 members take about 200 KB.
PAGE = 1000
LEASE = timedelta(minutes=10)
RETRY = timedelta(minutes=15)
EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Read:
    """One course's read: what was stored, or why nothing could be."""

    context_id: int
    applied: Applied | None
    problem: str | None = None


def read_due_rosters(sessions: Callable[[], Session], owner: str, *, limit: int = 1, only: int | None = None,
                     stop: threading.Event | None = None) -> list[Read]:  # fmt: skip
    """Read up to `limit` due courses, one after the other (`only`: that course alone, if due), until `stop`."""
    done = []
    for _ in range(limit):
        if stop is not None and stop.is_set():
            break
        taken = _take_one(sessions, owner, utcnow(), only)
        if taken is None:
            break
        done.append(_read(sessions, owner, *taken, stop=stop))
    return done


def _problem(roster: Roster | None, lti_context_id: str) -> str | None:
    """What kept this read from being whole, in words an administrator can act on; None for a whole read."""
    if roster is None:
        return "registration"
    if roster.context_id is not None and roster.context_id != lti_context_id:
        return f"course: la liste reçue est celle d'un autre cours ({roster.context_id[:60]})"
    if not roster.complete:
        return roster.outcome.detail
    if roster.skipped:
        return f"{roster.skipped} entrée(s) illisible(s) : personne n'est marqué parti"
    return None


def _take_one(sessions: Callable[[], Session], owner: str, now: datetime,
              only: int | None = None) -> tuple[int, int, str, int, str] | None:  # fmt: skip
    """Lease one due course; its id, LMS, roster URL and registration."""
    link = (select(ResourceLink.id).where(ResourceLink.context_id == Context.id, ResourceLink.nrps_url.is_not(None),
                                         ResourceLink.registration_id.is_not(None)))  # fmt: skip
    due = (
        select(Context.id)
        .where(Context.has_course.is_(True), exists(link),
               or_(Context.roster_lease_until.is_(None), Context.roster_lease_until < now),
               or_(Context.roster_synced_at.is_(None), Context.roster_synced_at < now - EVERY,
                   and_(Context.roster_requested_at.is_not(None),
                        Context.roster_requested_at > func.coalesce(Context.roster_synced_at, EPOCH))))
        .order_by(Context.roster_requested_at.desc().nulls_last(), Context.id)
        .limit(1)
    )  # fmt: skip
    if only is not None:
        due = due.where(Context.id == only)
    with sessions() as db, db.begin():
        if db.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        context_id = db.scalar(due)
        if context_id is None:
            return None
        taken = db.execute(update(Context).where(Context.id == context_id, or_(
            Context.roster_lease_until.is_(None), Context.roster_lease_until < now))
            .values(roster_lease_owner=owner, roster_lease_until=now + LEASE)
            .execution_options(synchronize_session=False))  # fmt: skip
        if affected(taken) != 1:
            return None
        context = db.get(Context, context_id)
        source = db.execute(select(ResourceLink.nrps_url, ResourceLink.registration_id)
                            .where(ResourceLink.context_id == context_id, ResourceLink.nrps_url.is_not(None),
                                   ResourceLink.registration_id.is_not(None))
                            .order_by(ResourceLink.updated_at.desc()).limit(1)).one()  # fmt: skip
        assert context is not None
        return context_id, context.lms_id, source.nrps_url, source.registration_id, context.lti_context_id


def _read(sessions: Callable[[], Session], owner: str, context_id: int, lms_id: int, url: str,
          registration_id: int, lti_context_id: str, *, stop: threading.Event | None = None) -> Read:  # fmt: skip
    """Read every page, then store what came (a partial read adds and updates, never marks anyone as left)."""
    with sessions() as db:
        platform = db.get(Platform, registration_id)
    held = _Hold(sessions, owner, context_id, stop)
    roster = RosterClient(sessions, platform).members(url, limit=PAGE, between_pages=held) if platform is not None else None
    if roster is not None and roster.outcome == STOPPED:
        return _stopped(sessions, owner, context_id, held.lost)
    now = utcnow()
    problem = _problem(roster, lti_context_id)
    if problem is not None and problem.startswith("course"):
        roster = None  # another course's people: store nothing
    # An entry lti/ could not read might be a real member: such a read proves nobody's absence either.
    complete = roster is not None and roster.complete and not roster.skipped
    if problem is not None:
        log.warning("roster of course %s: %s", context_id, problem)
    with sessions() as db, db.begin():
        applied = None
        if roster is not None and roster.members:
            today = local_day(now)
            applied = apply_roster(db, context_id, lms_id, roster.members, complete=complete, now=now, today=today)
        done = {"roster_synced_at": now, "roster_lease_until": None} if roster is not None and roster.complete else {
            "roster_lease_until": now + RETRY}  # a failed read waits before the next try  # fmt: skip
        db.execute(update(Context).where(Context.id == context_id, Context.roster_lease_owner == owner)
                   .values(roster_lease_owner=None, roster_error=problem, **done)
                   .execution_options(synchronize_session=False))  # fmt: skip
    return Read(context_id, applied, problem)


class _Hold:
    """Asked between two pages: go on only if the worker is not stopping and still holds the course (renewed)."""

    def __init__(self, sessions: Callable[[], Session], owner: str, context_id: int,
                 stop: threading.Event | None) -> None:  # fmt: skip
        self.sessions, self.owner, self.context_id, self.stop = sessions, owner, context_id, stop
        self.lost = False

    def __call__(self) -> bool:
        if self.stop is not None and self.stop.is_set():
            return False
        with self.sessions() as db, db.begin():
            renewed = db.execute(update(Context).where(Context.id == self.context_id,
                                                       Context.roster_lease_owner == self.owner)
                                 .values(roster_lease_until=utcnow() + LEASE)
                                 .execution_options(synchronize_session=False))  # fmt: skip
        self.lost = affected(renewed) != 1
        return not self.lost


def _stopped(sessions: Callable[[], Session], owner: str, context_id: int, lost: bool) -> Read:
    """A read stopped between pages stores nothing; a worker stopping gives the course back, due as it was."""
    if lost:
        log.warning("roster of course %s: lease lost to another worker during the read", context_id)
        return Read(context_id, None, "stopped: la lecture est passée à un autre worker")
    with sessions() as db, db.begin():
        db.execute(update(Context).where(Context.id == context_id, Context.roster_lease_owner == owner)
                   .values(roster_lease_owner=None, roster_lease_until=None)
                   .execution_options(synchronize_session=False))  # fmt: skip
    return Read(context_id, None, "stopped: le worker s'arrête, la liste sera relue")
