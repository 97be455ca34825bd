"""Two LMS records joined into one (`flask lti join-lms`): the records of the nursery's end survive, united.

The removed membership's delete cascades: its notes, presences, review, follow-ups
and orientation notes would go with it. They move to the kept membership; of two
reviews (or two 3-month follow-ups) the newer stays and the older is its revision;
who wrote, marked or read points at the kept membership of that person.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from lms_service import tenancy
from lms_service.models import (
    COMPLETED,
    Attendance,
    AuditEvent,
    Context,
    Membership,
    ModuleProgress,
    NurseryReview,
    OnsiteSession,
    OrientationNote,
    RecordRevision,
    ReviewFollowUp,
    TutorNote,
    User,
)
from lms_service.models.audit import READ_LEARNER
from lms_service.models.onsite import PRESENT
from lms_service.models.records import ENTERED_TRAINING, IN_JOB, IN_TRAINING, PROJECT_DEFINED

DAY = [datetime(2026, 11, d, 9, 0, tzinfo=UTC) for d in range(1, 20)]


def _course(db, lms_id: int) -> tuple[int, int, int]:
    """Roubaix as one LMS record knows it: Inès, learner; Nadia, tutor; (course, Inès, Nadia)."""
    course = Context(lms_id=lms_id, lti_context_id="roubaix", title="Nurserie Roubaix")
    ines = Membership(context=course, user=User(lms_id=lms_id, sub="ines", name="Inès Belkacem"), is_learner=True,
                      entry_date=DAY[0].date(), first_launch_at=DAY[0], last_launch_at=DAY[0])  # fmt: skip
    nadia = Membership(context=course, user=User(lms_id=lms_id, sub="nadia", name="Nadia Haddad"), is_learner=False,
                       is_tutor=True, entry_date=DAY[0].date(), first_launch_at=DAY[0], last_launch_at=DAY[0])  # fmt: skip
    db.add_all([ines, nadia])
    db.flush()
    return course.id, ines.id, nadia.id


def _records(db, course: int, ines: int, nadia: int, day: int, outcome: str, state: str) -> None:
    session = OnsiteSession(context_id=course, held_on=DAY[day].date(), label=f"Atelier du {day}", created_by_id=nadia)
    db.add(session)
    db.flush()
    db.add_all([
        Attendance(session_id=session.id, membership_id=ines, status=PRESENT, set_by_id=nadia, set_at=DAY[day]),
        TutorNote(membership_id=ines, written_on=DAY[day].date(), body=f"Échange du {day}", author_id=nadia,
                  created_at=DAY[day]),
        NurseryReview(membership_id=ines, held_on=DAY[day].date(), outcome=outcome, written_by_id=nadia,
                      written_at=DAY[day]),
        ReviewFollowUp(membership_id=ines, months=3, state=state, noted_on=DAY[day].date(), set_by_id=nadia,
                       set_at=DAY[day]),
        AuditEvent(lms_id=db.get(Context, course).lms_id, actor_id=nadia, action=READ_LEARNER, what="fiche",
                   context_id=course, subject_id=ines, at=DAY[day]),
    ])  # fmt: skip


def test_joining_keeps_every_record_the_newer_review_first_and_the_older_as_its_revision(db, make) -> None:
    into, other = make.lms("https://moodle.afpa.example"), make.lms("https://moodle.afpa.example/")
    course, ines, nadia = _course(db, into)
    gone_course, gone_ines, gone_nadia = _course(db, other)
    _records(db, course, ines, nadia, 5, PROJECT_DEFINED, IN_TRAINING)
    _records(db, gone_course, gone_ines, gone_nadia, 9, ENTERED_TRAINING, IN_JOB)  # the newer review
    db.add(OrientationNote(membership_id=gone_ines, family="web", body="Parler du titre pro.", set_by_id=gone_nadia))
    db.add(ModuleProgress(membership_id=gone_ines, module_slug="communication-travail-equipe", status=COMPLETED,
                          pages_seen=0, pages_total=4, seconds_spent=0, completed_at=DAY[8], updated_at=DAY[8],
                          onsite_by_id=gone_nadia, onsite_at=DAY[8]))  # fmt: skip
    db.commit()

    merged = tenancy.join_lms(db.connection(), into, other)
    db.commit()
    db.expire_all()

    assert merged.memberships == 2 and merged.courses == 1
    assert db.scalar(select(func.count()).select_from(Membership)) == 2
    notes = db.execute(select(TutorNote.membership_id, TutorNote.body, TutorNote.author_id)
                       .order_by(TutorNote.written_on)).all()  # fmt: skip
    assert [tuple(n) for n in notes] == [(ines, "Échange du 5", nadia), (ines, "Échange du 9", nadia)]
    review = db.scalars(select(NurseryReview)).one()
    assert (review.membership_id, review.outcome, review.written_by_id) == (ines, ENTERED_TRAINING, nadia)
    assert review.held_on == DAY[9].date()
    follow_up = db.scalars(select(ReviewFollowUp)).one()
    assert (follow_up.membership_id, follow_up.state) == (ines, IN_JOB)
    revisions = {(r.kind, r.record_id, r.membership_id): r.content for r in db.scalars(select(RecordRevision))}
    assert revisions[("review", review.id, ines)]["outcome"] == PROJECT_DEFINED  # the older one, kept
    assert revisions[("follow_up", follow_up.id, ines)]["state"] == IN_TRAINING
    assert db.execute(select(OrientationNote.membership_id, OrientationNote.set_by_id)).one() == (ines, nadia)
    sessions = db.execute(select(OnsiteSession.context_id, OnsiteSession.created_by_id)).all()
    assert sorted(tuple(s) for s in sessions) == [(course, nadia), (course, nadia)]
    assert sorted(tuple(a) for a in db.execute(select(Attendance.membership_id, Attendance.set_by_id))) == [
        (ines, nadia), (ines, nadia)]
    events = db.execute(select(AuditEvent.actor_id, AuditEvent.subject_id, AuditEvent.context_id, AuditEvent.lms_id))
    assert {tuple(e) for e in events} == {(nadia, ines, course, into)}  # the other LMS's trail too, kept
    done = db.scalars(select(ModuleProgress).where(ModuleProgress.module_slug == "communication-travail-equipe")).one()
    assert (done.membership_id, done.status, done.onsite_by_id) == (ines, COMPLETED, nadia)
    assert done.onsite_at is not None and done.onsite_at.replace(tzinfo=UTC) == DAY[8]
