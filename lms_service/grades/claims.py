"""Which worker sends which pending result: claimed in a short transaction, held by a lease during HTTP.

On PostgreSQL any number of workers claim rows with `FOR UPDATE SKIP LOCKED`
(two claimers never wait for, nor take, the same row) and stamp a lease on them
before committing; the lease keeps the rows theirs while they call the LMS,
with no transaction open, and a crashed worker's lease simply runs out. SQLite
has no row locks: one worker at a time holds the `grade_worker_lease` row and
sends; the others wait their turn.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..db import affected, insert_ignore
from ..models import GradeOutbox, GradeWorkerLease
from ..models.grades import PENDING

WORKER_LEASE = "grades"


@dataclass(frozen=True, order=True)
class Claimed:
    """A row this worker may send: its version when claimed (a newer one must not be marked sent by it)."""

    id: int
    version: int


def claim(db: Session, owner: str, *, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
    """Up to `limit` due rows, leased to `owner` until `now + lease`; the caller commits at once."""
    if db.get_bind().dialect.name != "postgresql" and not _hold_worker_lease(db, owner, now, lease):
        return []
    due = (
        select(GradeOutbox.id)
        .where(
            GradeOutbox.status == PENDING,
            or_(GradeOutbox.next_attempt_at.is_(None), GradeOutbox.next_attempt_at <= now),
            or_(GradeOutbox.lease_until.is_(None), GradeOutbox.lease_until < now),
        )
        .order_by(GradeOutbox.next_attempt_at.is_not(None), GradeOutbox.next_attempt_at, GradeOutbox.id)
        .limit(limit)
    )
    if db.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    taken = db.execute(
        update(GradeOutbox)
        .where(GradeOutbox.id.in_(due.scalar_subquery()))
        .values(lease_owner=owner, lease_until=now + lease, last_tried_at=now)
        .returning(GradeOutbox.id, GradeOutbox.version)
        .execution_options(synchronize_session=False)
    ).all()
    return sorted(Claimed(row.id, row.version) for row in taken)


def renew(db: Session, owner: str, outbox_id: int, *, now: datetime, lease: timedelta) -> bool:
    """Extend this worker's hold on a row just before sending it; False if the lease was lost meanwhile
    (it ran out and another worker took the row: this one must not send it)."""
    if db.get_bind().dialect.name != "postgresql" and not _hold_worker_lease(db, owner, now, lease):
        return False
    renewed = db.execute(
        update(GradeOutbox)
        .where(GradeOutbox.id == outbox_id, GradeOutbox.lease_owner == owner, GradeOutbox.lease_until >= now)
        .values(lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    return affected(renewed) == 1


def put_off(db: Session, owner: str, outbox_id: int, *, until: datetime, kind: str, error: str) -> None:
    """A row whose send broke in the worker itself: one more try counted, taken up again later."""
    db.execute(
        update(GradeOutbox)
        .where(GradeOutbox.id == outbox_id, GradeOutbox.lease_owner == owner)
        .values(lease_owner=None, lease_until=None, next_attempt_at=until, tries=GradeOutbox.tries + 1,
                last_error_kind=kind, last_error=error)
        .execution_options(synchronize_session=False)
    )  # fmt: skip


def release(db: Session, owner: str, outbox_id: int) -> None:
    """Give a row back without recording anything (a newer version came, or the worker stops)."""
    db.execute(
        update(GradeOutbox)
        .where(GradeOutbox.id == outbox_id, GradeOutbox.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def _hold_worker_lease(db: Session, owner: str, now: datetime, lease: timedelta) -> bool:
    """SQLite: take or renew the single sender's lease; False while another worker holds it."""
    insert_ignore(db, GradeWorkerLease, name=WORKER_LEASE, owner=None, until=None)
    taken = db.execute(
        update(GradeWorkerLease)
        .where(
            GradeWorkerLease.name == WORKER_LEASE,
            or_(GradeWorkerLease.owner.is_(None), GradeWorkerLease.owner == owner, GradeWorkerLease.until < now),
        )
        .values(owner=owner, until=now + lease)
        .execution_options(synchronize_session=False)
    )
    return affected(taken) == 1


def leave_worker_lease(db: Session, owner: str) -> None:
    """A worker stopping cleanly lets the next one start at once (SQLite)."""
    db.execute(
        update(GradeWorkerLease)
        .where(GradeWorkerLease.name == WORKER_LEASE, GradeWorkerLease.owner == owner)
        .values(owner=None, until=None)
        .execution_options(synchronize_session=False)
    )
