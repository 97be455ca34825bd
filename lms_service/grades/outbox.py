"""Write a counted result to the grade outbox, in the transaction that records it.

Two kinds of result wait there: a module's (the attempt that counts, best or
last) and the whole path's (the share of the path's scored modules passed, for
the column of a « whole path » placement), each keyed by (person, course, its
resource id: the module's slug or `parcours`).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Attempt, GradeOutbox, ResourceLink
from ..models.grades import COMPLETED_ACTIVITY, FULLY_GRADED, PENDING, SUBMITTED

WHOLE_PATH = "parcours"


def record_result(db: Session, counted: Attempt, *, finished: bool, now: datetime) -> GradeOutbox:
    """The result that counts for this person and module, pending for the LMS (replacing one not yet sent).

    `finished`: the module is done with (passed, or no attempt left): AGS `Completed`;
    otherwise the attempt was only `Submitted` and another may follow.
    """
    assert counted.score_given is not None
    score = (counted.score_given, counted.score_maximum or 0.0)
    activity = COMPLETED_ACTIVITY if finished else SUBMITTED
    return _queue(db, counted.membership_id, counted.module_slug, score, activity, now)


def record_path_share(db: Session, membership_id: int, context_id: int, scored: Sequence[str], now: datetime) -> None:
    """The share of the path's scored modules this person passed (0-100), if the course placed the whole path."""
    placed = db.scalars(
        select(ResourceLink.custom).where(ResourceLink.context_id == context_id, ResourceLink.ags_lineitem_url.is_not(None))
    ).all()
    if not scored or all((custom or {}).get("module") for custom in placed):
        return  # no placement of the whole path with its column
    passed = db.scalars(
        select(Attempt.module_slug).distinct()
        .where(Attempt.membership_id == membership_id, Attempt.passed.is_(True), Attempt.module_slug.in_(scored))
    ).all()  # fmt: skip
    share = round(100 * len(passed) / len(scored), 2)
    activity = COMPLETED_ACTIVITY if len(passed) == len(scored) else SUBMITTED
    _queue(db, membership_id, WHOLE_PATH, (share, 100.0), activity, now)


def _queue(db: Session, membership_id: int, resource: str, score: tuple[float, float], activity: str,
           now: datetime) -> GradeOutbox:  # fmt: skip
    row = db.scalars(
        select(GradeOutbox).where(GradeOutbox.membership_id == membership_id, GradeOutbox.module_slug == resource)
        .with_for_update()  # two submissions at once must not both make version v+1 (PostgreSQL; SQLite is serial)
    ).first()  # fmt: skip
    if row is not None and (row.score_given, row.score_maximum, row.activity_progress) == (*score, activity):
        return row  # nothing new for the LMS
    if row is None:
        row = GradeOutbox(membership_id=membership_id, module_slug=resource, version=0)
        db.add(row)
    row.score_given, row.score_maximum = score
    row.activity_progress, row.grading_progress = activity, FULLY_GRADED
    row.timestamp = next_timestamp(row.timestamp if row.version else None, now)
    row.updated_at = now
    # A worker may be sending the previous version: it holds its lease, and the new version waits for it.
    row.version += 1
    row.status, row.next_attempt_at, row.sent_at = PENDING, None, None
    row.tries, row.last_error, row.last_error_kind = 0, None, None
    db.flush()
    return row


def next_timestamp(previous: datetime | None, now: datetime) -> datetime:
    """`now`, or one whole second past the previous score's second if `now` is not past it.

    The LMS keeps a score only if its timestamp is newer, compared in whole seconds
    (Moodle answers 409 otherwise): two results in the same second would lose the second.
    """
    if previous is None:
        return now
    floor = previous.replace(microsecond=0)
    if previous.tzinfo is None and now.tzinfo is not None:
        floor = floor.replace(tzinfo=now.tzinfo)
    return max(now, floor + timedelta(seconds=1))
