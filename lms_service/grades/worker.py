"""`flask grades worker`: claims pending results, sends them, records what the LMS answered, and again;
when it has nothing to send, it reads the course rosters that are due (roster/reading.py) and recomputes
the référents' alerts and figures of the courses due (risk/course_pass.py).

Any number of workers may run (one per machine, or beside each web server):
the claim and its lease keep them apart (claims.py); each row's lease is renewed
just before it is sent, so a slow LMS never lets a lease run out under a send. A
worker asked to stop gives back the rows it has not sent; one that crashes
leaves leases that run out after LEASE. A row whose send breaks in the worker
is put off and counted as a try; the worker goes on.
"""
from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask

from lti.models import Platform
from lti.services import AgsClient

from ..content import get_catalogue
from ..db import utcnow
from ..risk.course_pass import refresh_due
from ..roster.reading import read_due_rosters
from . import path_columns
from .claims import Claimed, claim, leave_worker_lease, put_off, release, renew
from .delivery import Clients, Sessions, Settings, deliver

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
BATCH = 50
SWEEP = 600.0  # seconds between two looks for the missing columns of courses placed whole (when idle)


@dataclass
class Round:
    """What one pass of the loop did: how many rows it took and how each ended."""

    claimed: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    columns: int = 0  # columns created for courses placed whole
    rosters: int = 0  # course rosters read from the LMS
    courses: int = 0  # courses whose alerts and figures were recomputed


def owner_name() -> str:
    """This worker's name in leases: host, process and a random part (two workers never share one)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{random.randrange(16**6):06x}"


def run(app: Flask, *, owner: str, stop: threading.Event, poll: float = 2.0, once: bool = False,
        batch: int = BATCH, columns: bool = True, rosters: bool = True) -> Round:  # fmt: skip
    """Send until `stop` is set (or, with `once`, until nothing is due); the totals of everything done.

    When idle, it reads the rosters due (`rosters`) and, every SWEEP seconds at most, makes the missing
    columns of courses placed whole (`columns`).
    """
    total = Round()
    swept = float("-inf")
    try:
        while not stop.is_set():
            done = one_round(app, owner, batch, stop)
            if rosters and done.claimed == 0:
                total.rosters += _rosters(app, owner, stop)
            if done.claimed == 0:
                total.courses += _followup(app)
            if columns and done.claimed == 0 and time.monotonic() - swept >= SWEEP:
                swept = time.monotonic()
                total.columns += _sweep(app)
            total.claimed += done.claimed
            for status, count in done.statuses.items():
                total.statuses[status] = total.statuses.get(status, 0) + count
            if done.claimed == 0:
                if once:
                    break
                stop.wait(poll * random.uniform(0.8, 1.2))
    finally:
        with app.app_context():
            sessions = app.extensions["db"]
            with sessions() as db, db.begin():
                leave_worker_lease(db, owner)
    return total


def one_round(app: Flask, owner: str, batch: int = BATCH, stop: threading.Event | None = None) -> Round:
    """Claim a batch, then deliver each row of it, renewing its lease first; a stop gives the rest back."""
    with app.app_context():
        sessions = app.extensions["db"]
        with sessions() as db, db.begin():
            claimed = claim(db, owner, now=utcnow(), lease=LEASE, limit=batch)
        done = Round(claimed=len(claimed))
        clients: dict[int, AgsClient] = {}
        settings = Settings(retry_base=timedelta(seconds=app.config.get("GRADES_RETRY_BASE_SECONDS", 30)),
                            column_label=_column_label)  # fmt: skip

        def client(registration_id: int) -> AgsClient:
            if registration_id not in clients:
                clients[registration_id] = _client(app, registration_id)
            return clients[registration_id]

        for index, row in enumerate(claimed):
            if stop is not None and stop.is_set():
                with sessions() as db, db.begin():
                    for left in claimed[index:]:
                        release(db, owner, left.id)
                break
            with sessions() as db, db.begin():
                held = renew(db, owner, row.id, now=utcnow(), lease=LEASE)
            status = _deliver_one(sessions, client, owner, row, settings) if held else "lost"
            done.statuses[status] = done.statuses.get(status, 0) + 1
    return done


def _deliver_one(sessions: Sessions, client: Clients, owner: str, row: Claimed, settings: Settings) -> str:
    """Deliver one row; a failure of the worker itself (a database error, a bug) puts the row off, never the
    worker down: logged by its kind only (no score, no person), counted as a try."""
    try:
        return deliver(sessions, client, owner, row, settings, utcnow)
    except Exception as error:  # noqa: BLE001 — one row's failure must not stop the others
        log.warning("grades worker: result %s put off after %s", row.id, type(error).__name__)
        with sessions() as db, db.begin():
            put_off(db, owner, row.id, until=utcnow() + settings.retry_base, kind="error",
                    error=f"erreur de l'outil ({type(error).__name__})")  # fmt: skip
        return "error"


def _rosters(app: Flask, owner: str, stop: threading.Event) -> int:
    """Read the rosters due (asked for by a tutor's launch, or old): the worker's other job, when idle."""
    try:
        with app.app_context():
            return len(read_due_rosters(app.extensions["db"], owner, stop=stop))  # a stop ends a read between pages
    except Exception as error:  # noqa: BLE001 — a roster read must not stop the scores
        log.warning("grades worker: rosters put off after %s", type(error).__name__)
        return 0


def _followup(app: Flask) -> int:
    """The alerts and figures of the référents' dashboard, for the courses due (risk/course_pass.py)."""
    try:
        with app.app_context():
            return refresh_due(app.extensions["db"], get_catalogue().nursery(), utcnow)
    except Exception as error:  # noqa: BLE001 — a course's figures must not stop the scores
        log.warning("grades worker: dashboard figures put off after %s", type(error).__name__)
        return 0


def _sweep(app: Flask) -> int:
    """make_path_columns, whose failure (an LMS down, a database error) waits for the next sweep."""
    try:
        return make_path_columns(app)
    except Exception as error:  # noqa: BLE001
        log.warning("grades worker: columns of courses placed whole put off after %s", type(error).__name__)
        return 0


def make_path_columns(app: Flask) -> int:
    """Create the columns still missing in the courses placed whole; how many were made."""
    with app.app_context():
        sessions = app.extensions["db"]
        clients: dict[int, AgsClient] = {}

        def client(registration_id: int) -> AgsClient:
            if registration_id not in clients:
                clients[registration_id] = _client(app, registration_id)
            return clients[registration_id]

        return path_columns.ensure(sessions, client, get_catalogue().scored_in_path(), _column_label, utcnow())


def _column_label(slug: str) -> str | None:
    """A scored module's title, for the column the tool creates; None for anything else."""
    module = get_catalogue().get(slug)
    return module.title if module is not None and module.scored else None


def _client(app: Flask, registration_id: int) -> AgsClient:
    sessions = app.extensions["db"]
    with sessions() as db:
        platform = db.get(Platform, registration_id)
    if platform is None:
        raise LookupError("registration removed during the round")  # the row is put off, then finds no link
    return AgsClient(sessions, platform)
