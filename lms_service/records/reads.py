"""A référent's page on a learner's record is a read for the audit trail, a form sent back with its errors too.

The app rolls a request back when it answers 400 or more (db.init_app): nothing
of a refused form is saved. Its page still shows the record, so that read is
committed on its own: the request's work is rolled back first (by design a
refused form wrote nothing, but it may hold the learner's lock), then the audit
row alone is committed. The one commit made outside the app's end of request.
"""
from __future__ import annotations

from ..audit import Actor, record
from ..db import get_session
from ..models import Membership
from ..models.audit import READ_LEARNER


def record_read(viewer: Actor, member: Membership, what: str, *, refused: bool) -> None:
    """Record that `viewer` read `member`'s `what` (« notes », « bilan », « orientation »); `refused`: the page
    answers 400, which the app rolls back, so the read is committed now, alone."""
    subject_id, context_id = member.id, member.context_id
    if refused:
        get_session().rollback()
    record(viewer, READ_LEARNER, what=what, subject_id=subject_id, context_id=context_id)
    if refused:
        get_session().commit()
