"""A module's answers done with: the other half of completing a module that asks for them.

Reading completes a module with no answers due (page_views). A module with a
quiz to pass is completed when its pages are all seen and its quiz is passed,
in whichever order; the entry test and the survey when submitted. The quiz's
request holds the membership's lock (access.records_activity), as page views
do, so the two halves never race for the row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .content import Module
from .models import COMPLETED, NOT_STARTED, READ, ModuleProgress


def answers_done(db: Session, membership_id: int, module: Module, now: datetime) -> ModuleProgress:
    """Record that this person's answers to the module are done; complete it if its pages are seen too."""
    row = db.scalars(
        select(ModuleProgress).where(
            ModuleProgress.membership_id == membership_id, ModuleProgress.module_slug == module.slug
        )
    ).first()
    if row is None:
        row = ModuleProgress(
            membership_id=membership_id, module_slug=module.slug, status=NOT_STARTED,
            pages_seen=0, pages_total=len(module.pages), seconds_spent=0,
        )  # fmt: skip
        db.add(row)
    row.answered_at = row.answered_at or now
    if row.status != COMPLETED and (module.submitted_completes or row.status == READ):
        row.status, row.completed_at, row.completed_version = COMPLETED, now, module.version
    row.updated_at = now
    db.flush()
    return row
