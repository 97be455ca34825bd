"""What the export tests make and read: attempts, reviews, attendance rows made directly, and the CSV as read."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.models import (
    Attempt,
    Attendance,
    AuditEvent,
    Context,
    Membership,
    NurseryReview,
    OnsiteSession,
    ReviewFollowUp,
    User,
)
from lms_service.models.audit import EXPORT

ATTEMPTS, REVIEWS, ATTENDANCE = "/tutor/exports/essais.csv", "/tutor/exports/bilans.csv", "/tutor/exports/presences.csv"
FILES = (ATTEMPTS, REVIEWS, ATTENDANCE)
PAGE = "/tutor/exports"
WEB, SURVEY = "developpement-web", "questionnaire-satisfaction"


def table(response) -> list[dict[str, str]]:
    """The file's rows by column name, after checking it is what French Excel opens right (BOM, `;`, CRLF)."""
    assert response.status_code == 200, response.text[:300]
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store" and "attachment" in response.headers["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf") and b";" in body.split(b"\r\n", 1)[0]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def course(db, lti_context_id: str = ROUBAIX) -> Context:
    return db.scalars(select(Context).where(Context.lti_context_id == lti_context_id)).one()


def member(db, sub: str, lti_context_id: str = ROUBAIX) -> Membership:
    """A persona's membership in a seeded course (they must have launched there)."""
    return db.scalars(select(Membership).join(User).join(Context).where(
        User.sub == sub, Context.lti_context_id == lti_context_id)).one()  # fmt: skip


def attempt(db, learner: Membership, number: int = 1, *, slug: str = WEB, started: datetime | None = None,
            submitted: datetime | None = None, given: float = 1.0, maximum: float = 2.0,
            passed: bool | None = False) -> Attempt:  # fmt: skip
    row = Attempt(membership_id=learner.id, module_slug=slug, module_version="v1", number=number, question_ids=[],
                  started_at=started or utcnow(), submitted_at=submitted, score_given=given,
                  score_maximum=maximum, passed=passed)  # fmt: skip
    db.add(row)
    db.flush()
    return row


def review(db, learner: Membership, *, held_on: date = date(2026, 12, 7), outcome: str = "training",
           follow_ups: dict[int, tuple[str, date]] | None = None, **fields: object) -> NurseryReview:  # fmt: skip
    row = NurseryReview(membership_id=learner.id, held_on=held_on, outcome=outcome, **fields)
    db.add(row)
    for months, (state, noted_on) in (follow_ups or {}).items():
        db.add(ReviewFollowUp(membership_id=learner.id, months=months, state=state, noted_on=noted_on))
    db.flush()
    return row


def session(db, where: Context, held_on: date, label: str, marks: dict[Membership, str],
            by: Membership | None = None, at: datetime | None = None) -> OnsiteSession:  # fmt: skip
    """An on-site session with each learner's attendance, recorded by `by` at `at`."""
    row = OnsiteSession(context_id=where.id, held_on=held_on, label=label, created_by_id=by.id if by else None)
    db.add(row)
    db.flush()
    db.add_all(Attendance(session_id=row.id, membership_id=learner.id, status=status,
                          set_by_id=by.id if by else None, set_at=at or utcnow())
               for learner, status in marks.items())  # fmt: skip
    db.flush()
    return row


def exports_recorded(db) -> list[tuple[int | None, str, int | None]]:
    """The audit trail's exports, oldest first: (who, what, from which course)."""
    db.expire_all()
    rows = db.execute(select(AuditEvent.actor_id, AuditEvent.what, AuditEvent.context_id)
                      .where(AuditEvent.action == EXPORT).order_by(AuditEvent.id))  # fmt: skip
    return [tuple(row) for row in rows]
