"""Write a module's counted result to the grade outbox, in the transaction that records it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Attempt, GradeOutbox
from ..models.grades import COMPLETED_ACTIVITY, FULLY_GRADED, SUBMITTED


def record_result(db: Session, counted: Attempt, *, finished: bool, now: datetime) -> GradeOutbox:
    """The result that counts for this person and module, pending for the LMS (replacing one not yet sent).

    `finished`: the module is done with (passed, or no attempt left): AGS `Completed`;
    otherwise the attempt was only `Submitted` and another may follow.
    """
    assert counted.score_given is not None
    score = (counted.score_given, counted.score_maximum or 0.0)
    activity = COMPLETED_ACTIVITY if finished else SUBMITTED
    row = db.scalars(
        select(GradeOutbox).where(
            GradeOutbox.membership_id == counted.membership_id, GradeOutbox.module_slug == counted.module_slug
        )
    ).first()
    if row is not None and (row.score_given, row.score_maximum, row.activity_progress) == (*score, activity):
        return row  # nothing new for the LMS
    if row is None:
        row = GradeOutbox(membership_id=counted.membership_id, module_slug=counted.module_slug)
        db.add(row)
    row.score_given, row.score_maximum = score
    row.activity_progress, row.grading_progress = activity, FULLY_GRADED
    # The LMS keeps a score only if it is newer than the one it has: the result changed now.
    row.timestamp = row.updated_at = now
    row.sent_at, row.last_error, row.tries = None, None, 0
    db.flush()
    return row
