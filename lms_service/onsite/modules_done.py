"""A module done on site (on paper, in a workshop): completed in the learner's progress, said by whom and when.

The mark is the module's progress row set to completed with who marked it and
the moment (`onsite_by_id`, `onsite_at`; pages name that référent with
records/people.py, never by e-mail address); no attempt is made, so no score
goes to the LMS's gradebook. A mark made on site can be undone; a module the
learner completed online cannot: that is their own work, not a référent's note.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ..content import Module, get_catalogue
from ..db import affected, upsert_insert
from ..local_time import noon
from ..models import COMPLETED, IN_PROGRESS, NOT_STARTED, READ, Membership, ModuleProgress
from ..risk.course_pass import refresh_learners


@dataclass(frozen=True)
class Refused:
    """Why a mark or its undoing was refused, for the form's message."""

    reason: str  # "online": completed by the learner online; "not_onsite": no mark to undo


def completed_online(row: ModuleProgress | None, module: Module) -> bool:
    """Whether the learner's own reading and answers complete the module, whatever was marked on site."""
    return row is not None and own_status(row, module) == COMPLETED


def own_status(row: ModuleProgress, module: Module) -> str:
    """The status the learner's reading and answers give the module (page_view_statements and completion.py's
    rules): all pages seen completes a module without answers due; a test or survey is completed once submitted."""
    all_seen = row.pages_total > 0 and row.pages_seen >= row.pages_total
    answered = row.answered_at is not None
    if (module.submitted_completes and answered) or (all_seen and (answered or not module.answers_due)):
        return COMPLETED
    if all_seen:
        return READ
    return IN_PROGRESS if row.pages_seen else NOT_STARTED


def mark_done(db: Session, member: Membership, module: Module, day: date, *, by: int, now: datetime) -> Refused | None:
    """Complete the module on `day` (at noon, Paris time), attributed; refused if the learner completed it online.

    One upsert: a page view of the learner's arriving at the same moment either finds the
    row completed, or is overwritten by the mark, never a duplicate row. A module that was
    completed online meanwhile is left as it is (the update's condition), and refused.
    """
    row = _row(db, member.id, module.slug)
    if completed_online(row, module) or (row is not None and row.status == COMPLETED and row.onsite_at is None):
        return Refused("online")
    done_at = noon(day, now)
    insert = upsert_insert(db)
    statement = insert(ModuleProgress).values(
        membership_id=member.id, module_slug=module.slug, status=COMPLETED, pages_seen=0, pages_total=len(module.pages),
        seconds_spent=0, failed_attempts=0, started_at=done_at, completed_at=done_at, completed_version=module.version,
        onsite_by_id=by, onsite_at=now, updated_at=now)  # fmt: skip
    old, new = ModuleProgress.__table__.c, statement.excluded
    result = db.execute(statement.on_conflict_do_update(
        index_elements=[old.membership_id, old.module_slug],
        set_={"status": COMPLETED, "completed_at": new.completed_at, "completed_version": new.completed_version,
              "started_at": func.coalesce(old.started_at, new.started_at), "onsite_by_id": new.onsite_by_id,
              "onsite_at": new.onsite_at, "updated_at": new.updated_at},
        where=or_(old.status != COMPLETED, old.onsite_at.is_not(None))))  # fmt: skip
    if not affected(result):
        return Refused("online")
    db.expire_all()
    refresh_learners(db, member.context_id, [member.id], get_catalogue().nursery(), now)
    return None


def undo_done(db: Session, member: Membership, module: Module, *, now: datetime) -> Refused | None:
    """Take back a mark made on site: the module returns to what the learner's own work makes it (the row goes if
    the mark made it alone), and a nursery it had completed is no longer complete."""
    row = _row(db, member.id, module.slug, lock=True)
    if row is not None and (completed_online(row, module) or (row.status == COMPLETED and row.onsite_at is None)):
        return Refused("online")
    if row is None or row.onsite_at is None:
        return Refused("not_onsite")
    if row.pages_seen == 0 and row.answered_at is None and not row.seconds_spent and row.score_percent is None:
        db.delete(row)
    else:
        row.status = own_status(row, module)
        row.completed_at = row.completed_version = None
        row.onsite_by_id = row.onsite_at = None
        row.started_at = row.started_at if row.pages_seen else None  # only a page seen starts a module
        row.updated_at = now
    if module.slug in get_catalogue().nursery():
        db.execute(update(Membership).where(Membership.id == member.id).values(nursery_done_at=None)
                   .execution_options(synchronize_session=False))  # fmt: skip
    db.flush()
    refresh_learners(db, member.context_id, [member.id], get_catalogue().nursery(), now)
    return None


def _row(db: Session, membership_id: int, slug: str, lock: bool = False) -> ModuleProgress | None:
    query = select(ModuleProgress).where(ModuleProgress.membership_id == membership_id,
                                         ModuleProgress.module_slug == slug)  # fmt: skip
    return db.scalars(query.with_for_update() if lock else query).first()
