"""`flask data purge`: delete what is past its retention, LMS by LMS, in short transactions.

Three steps per LMS: the records (memberships) silent since before the cut-off,
with everything hanging off them (the foreign keys cascade: pages, progress,
attempts, scores, notes, review, follow-ups, attendance, sessions); then the
people left with no record in any course; then the audit events past theirs.
Staff records follow the same rule: a référent who still launches the tool, or
whom the roster still lists, is kept; one silent for the whole retention is
deleted, and what they wrote stays with the learner it is about, its author
unnamed (SET NULL).

Each step walks ids in order and deletes a batch per transaction, so the
service and the worker go on beside it (SQLite's write lock is held for one
batch at a time, and a batch that took too long makes the next smaller); a record that came back to life between the read and the
delete is kept, since the delete checks the rule again. Nothing is named in
what it reports: counts only.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, exists, func, select
from sqlalchemy.orm import Session

from lti.models import Lms

from ..db import affected
from ..models import AuditEvent, Context, Membership, User
from .retention import Cutoffs, silent_since

Sessions = Callable[[], AbstractContextManager[Session]]
RECORDS_PER_BATCH = 200  # each record may take a few hundred rows with it (pages seen, answers)
ROWS_PER_BATCH = 5000  # people and audit events: one row each
BATCH_SECONDS = 0.5  # the longest a batch should hold the write lock the service's requests wait for


@dataclass
class Counts:
    """What one LMS lost (or, in a dry run, would lose)."""

    records: int = 0
    people: int = 0
    events: int = 0


def purge(sessions: Sessions, cutoffs: Cutoffs, *, dry_run: bool = False,
          batch: int = RECORDS_PER_BATCH) -> dict[int, Counts]:  # fmt: skip
    """Delete (or count) what is past its retention in every LMS; the counts by LMS id."""
    with sessions() as db:
        lms_ids = list(db.scalars(select(Lms.id).order_by(Lms.id)))
    done = {}
    for lms_id in lms_ids:
        if dry_run:
            with sessions() as db:
                done[lms_id] = count(db, lms_id, cutoffs)
        else:
            done[lms_id] = Counts(
                records=_in_batches(sessions, _silent_records(lms_id, cutoffs),
                                     lambda db, ids: delete_silent(db, ids, cutoffs), batch),
                people=_in_batches(sessions, _people_without_records(lms_id), _delete_people, ROWS_PER_BATCH),
                events=_in_batches(sessions, _old_events(lms_id, cutoffs), _delete_events(cutoffs), ROWS_PER_BATCH),
            )
    return done


def count(db: Session, lms_id: int, cutoffs: Cutoffs) -> Counts:
    """What a purge of this LMS would delete now: its silent records, the people who would have none left."""
    silent = db.scalar(select(func.count()).select_from(_silent_records(lms_id, cutoffs).subquery()))
    kept = exists().where(Membership.user_id == User.id, ~silent_since(cutoffs.data))
    people = db.scalar(select(func.count(User.id)).where(User.lms_id == lms_id, ~kept))
    events = db.scalar(select(func.count()).select_from(_old_events(lms_id, cutoffs).subquery()))
    return Counts(records=silent or 0, people=people or 0, events=events or 0)


def _in_batches(sessions: Sessions, ids: Select[Any], remove: Callable[[Session, list[int]], int],
                most: int) -> int:  # fmt: skip
    """Walk the ids in order (keyset: after the last one seen), each batch read, then deleted and committed in a
    transaction of its own (a read that turned into a write would fail on SQLite beside another writer); the
    batch shrinks when one holds the write lock too long. How many rows went."""
    key = ids.selected_columns[0]
    removed, last, size = 0, 0, most
    while True:
        with sessions() as db:
            chunk = list(db.scalars(ids.where(key > last).order_by(key).limit(size)))
        if not chunk:
            return removed
        started = time.monotonic()
        with sessions() as db, db.begin():
            removed += remove(db, chunk)
        last, size = chunk[-1], next_size(size, time.monotonic() - started, most)


def next_size(size: int, seconds: float, most: int) -> int:
    """The next batch's size: half after a batch that held the write lock past BATCH_SECONDS (a page view or an
    answer waits that long), double (up to `most`) after one well under it."""
    if seconds > BATCH_SECONDS:
        return max(1, size // 2)
    if seconds < BATCH_SECONDS / 4:
        return min(most, size * 2)
    return size


def _silent_records(lms_id: int, cutoffs: Cutoffs) -> Select[Any]:
    courses = select(Context.id).where(Context.lms_id == lms_id)
    return select(Membership.id).where(Membership.context_id.in_(courses), silent_since(cutoffs.data))


def delete_silent(db: Session, ids: list[int], cutoffs: Cutoffs) -> int:
    """Delete these records if they are still silent: a launch or a review since they were read keeps them."""
    query = delete(Membership).where(Membership.id.in_(ids), silent_since(cutoffs.data))
    return affected(db.execute(query.execution_options(synchronize_session=False)))


def _people_without_records(lms_id: int) -> Select[Any]:
    return select(User.id).where(User.lms_id == lms_id, ~exists().where(Membership.user_id == User.id))


def _delete_people(db: Session, ids: list[int]) -> int:
    query = delete(User).where(User.id.in_(ids), ~exists().where(Membership.user_id == User.id))
    return affected(db.execute(query.execution_options(synchronize_session=False)))


def _old_events(lms_id: int, cutoffs: Cutoffs) -> Select[Any]:
    return select(AuditEvent.id).where(AuditEvent.lms_id == lms_id, AuditEvent.at < cutoffs.audit)


def _delete_events(cutoffs: Cutoffs) -> Callable[[Session, list[int]], int]:
    def remove(db: Session, ids: list[int]) -> int:
        query = delete(AuditEvent).where(AuditEvent.id.in_(ids), AuditEvent.at < cutoffs.audit)
        return affected(db.execute(query.execution_options(synchronize_session=False)))

    return remove
