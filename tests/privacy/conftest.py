"""Fixtures of the personal data tests: a row in every table a person's data lives in, people at chosen ages,
someone browsing with a launch token, and row counts per table."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import requests
from sqlalchemy import func, select, update

from lms_service.db import Base, utcnow
from lms_service.models import (
    Answer,
    Attempt,
    AttemptAllowance,
    Attendance,
    AuditEvent,
    Context,
    GradeOutbox,
    Membership,
    ModuleProgress,
    NurseryReview,
    OnsiteSession,
    OrientationNote,
    PageView,
    RecordRevision,
    ReviewFollowUp,
    TutorNote,
)
from lms_service.models.audit import READ_LEARNER
from lms_service.models.grades import GradeDelivery
from lms_service.security.csrf import csrf_token
from lms_service.sessions.store import open_session

from ..factories import LIMITS

SLUG = "developpement-web"


def fill(db, member: Membership, by: Membership, at: datetime) -> None:
    """A row about `member` in every table a person's data lives in, written by `by`, all dated `at`.

    The review, its follow-up and the membership's own times are dated `at` too, so the record's last sign of
    life is `at`. Each text names the person, so a test can look for it anywhere in an export.
    """
    name = member.user.name
    course = db.get(Context, member.context_id)
    session = db.scalars(select(OnsiteSession).where(  # one session per course, day and label: shared
        OnsiteSession.context_id == course.id, OnsiteSession.held_on == at.date(), OnsiteSession.label == "Atelier CV"
    )).first() or OnsiteSession(context_id=course.id, held_on=at.date(), label="Atelier CV", created_by_id=by.id,
                                created_at=at)  # fmt: skip
    attempt = Attempt(membership_id=member.id, module_slug=SLUG, module_version="v1", number=1, question_ids=["q1"],
                      started_at=at, submitted_at=at, score_given=1.0, score_maximum=2.0, passed=False)  # fmt: skip
    outbox = GradeOutbox(membership_id=member.id, module_slug=SLUG, score_given=1.0, score_maximum=2.0,
                         activity_progress="Completed", grading_progress="FullyGraded", timestamp=at, updated_at=at,
                         status="sent", tries=1, sent_at=at)  # fmt: skip
    note = TutorNote(membership_id=member.id, written_on=at.date(), body=f"Entretien avec {name}", author_id=by.id,
                     created_at=at)  # fmt: skip
    db.add_all([session, attempt, outbox, note])
    db.flush()
    db.add_all([
        PageView(membership_id=member.id, module_slug=SLUG, page_id="p1", first_seen_at=at, last_seen_at=at,
                 seconds_spent=30),
        ModuleProgress(membership_id=member.id, module_slug=SLUG, status="completed", pages_seen=5, pages_total=5,
                       onsite_by_id=by.id, onsite_at=at, updated_at=at),
        Answer(attempt_id=attempt.id, question_id="q1", value=f"réponse de {name}", saved_at=at),
        AttemptAllowance(membership_id=member.id, module_slug=SLUG, extra_attempts=1, granted_by_id=by.id,
                         granted_at=at),
        GradeDelivery(outbox_id=outbox.id, lineitem_url=f"https://lms.example.org/items/{member.id}", sent_version=1,
                      outcome="delivered", updated_at=at),
        Attendance(session_id=session.id, membership_id=member.id, status="present", set_by_id=by.id, set_at=at),
        NurseryReview(membership_id=member.id, held_on=at.date(), outcome="training", training=f"Formation de {name}",
                      written_by_id=by.id, written_at=at),
        ReviewFollowUp(membership_id=member.id, months=3, state="in_training", noted_on=at.date(), set_by_id=by.id,
                       set_at=at),
        OrientationNote(membership_id=member.id, family="web", body=f"{name} aime le web", set_by_id=by.id,
                        set_at=at),
        RecordRevision(membership_id=member.id, kind="note", record_id=note.id, content={"body": f"Avant : {name}"},
                       changed_by_id=by.id, changed_at=at),
        AuditEvent(lms_id=course.lms_id, actor_id=by.id, action=READ_LEARNER, subject_id=member.id,
                   context_id=course.id, at=at),
    ])  # fmt: skip
    open_session(db, member, LIMITS, at, frame_origin=None, return_url=None)
    db.flush()
    dated(db, member, at)


def dated(db, member: Membership, at: datetime) -> None:
    """The record's own signs of life (entry, launches, activity, roster) all at `at`."""
    db.execute(update(Membership).where(Membership.id == member.id).values(
        entry_date=at.date(), first_launch_at=at, last_launch_at=at, last_activity_at=at, roster_seen_at=at))  # fmt: skip
    db.flush()


def counts(db) -> dict[str, int]:
    """Rows per table, every table of the schema."""
    db.expire_all()
    return {table.name: db.scalar(select(func.count()).select_from(table)) for table in Base.metadata.sorted_tables}


@dataclass
class Browser:
    """Someone who launched, with their launch token (real HTTP to the tool)."""

    base: str
    token: str
    csrf: str

    def get(self, path: str) -> requests.Response:
        return requests.get(f"{self.base}{path}?lt={self.token}", timeout=10, allow_redirects=False)

    def post(self, path: str, **form: str) -> requests.Response:
        data = {"lt": self.token, "csrf_token": self.csrf, **form}
        return requests.post(f"{self.base}{path}?lt={self.token}", data=data, timeout=10, allow_redirects=False)


@pytest.fixture
def as_member(app, make, tool_server):
    """`as_member(membership)`: browse as that record, its launch session opened as a launch would."""

    def browse(member: Membership) -> Browser:
        token = make.token(member)
        with app.test_request_context():
            return Browser(tool_server.url, token, csrf_token(token))

    return browse


def ago(days: int) -> datetime:
    return utcnow() - timedelta(days=days)
