"""Reading and changing a learner's results in the tool's outbox, for the grade tests."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from lms_service.db import utcnow
from lms_service.grades.claims import Claimed, claim
from lms_service.grades.outbox import record_result
from lms_service.models import Attempt, GradeOutbox, Membership, User


def outbox_row(db, person: str, slug: str) -> GradeOutbox:
    """This learner's result for this module (or `parcours`), as stored now."""
    db.expire_all()
    return db.scalars(select(GradeOutbox).join(Membership).join(User)
                      .where(User.sub == person, GradeOutbox.module_slug == slug)).one()  # fmt: skip


def new_result(db, person: str, slug: str, less: float = 1.0) -> None:
    """A newer, lower result for this learner and module, queued as a new submission queues it."""
    attempt = db.scalars(select(Attempt).join(Membership).join(User)
                         .where(User.sub == person, Attempt.module_slug == slug)).one()  # fmt: skip
    db.execute(update(Attempt).where(Attempt.id == attempt.id).values(score_given=Attempt.score_given - less))
    db.expire_all()
    record_result(db, db.get(Attempt, attempt.id), finished=True, now=utcnow())
    db.commit()


def due_now(db) -> None:
    """Every result put off is due at once: a test does not wait for the backoff."""
    db.execute(update(GradeOutbox).values(next_attempt_at=utcnow()))
    db.commit()


def claimed_by(app: Flask, owner: str, lease: timedelta = timedelta(minutes=2)) -> list[Claimed]:
    """What a worker named `owner` claims now, committed."""
    with app.app_context():
        with app.extensions["db"]() as session, session.begin():
            return claim(session, owner, now=utcnow(), lease=lease, limit=50)
