"""Two LMS records joined into one: one person's attempts, grants and pending results survive, united."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from lms_service import tenancy
from lms_service.models import Answer, Attempt, AttemptAllowance, Context, GradeOutbox, Membership, User

SLUG = "developpement-web"
DAY = [datetime(2026, 11, d, 9, 0, tzinfo=UTC) for d in range(1, 10)]


def _member(db, make, lms_id: int) -> int:
    """Inès, in the Roubaix course as one LMS record knows it."""
    course = Context(lms_id=lms_id, lti_context_id="roubaix", title="Nurserie Roubaix")
    membership = Membership(
        context=course, user=User(lms_id=lms_id, sub="ines", name="Inès Belkacem"), is_learner=True,
        entry_date=DAY[0].date(), first_launch_at=DAY[0], last_launch_at=DAY[0],
    )  # fmt: skip
    db.add(membership)
    db.flush()
    return membership.id


def _attempt(membership_id: int, number: int, started: datetime, submitted: datetime | None) -> Attempt:
    return Attempt(
        membership_id=membership_id, module_slug=SLUG, module_version="v1", number=number, question_ids=["q1"],
        started_at=started, submitted_at=submitted, score_given=0.0 if submitted else None,
        score_maximum=1.0 if submitted else None, passed=False if submitted else None, revision=0,
    )  # fmt: skip


def test_joining_two_lms_records_keeps_every_attempt_of_the_person(db, make) -> None:
    into, other = make.lms("https://moodle.afpa.example"), make.lms("https://moodle.afpa.example/")
    keep, gone = _member(db, make, into), _member(db, make, other)
    db.add_all([
        _attempt(keep, 1, DAY[1], DAY[1]), _attempt(keep, 2, DAY[5], None),  # one submitted, one in progress
        _attempt(gone, 1, DAY[3], DAY[3]), _attempt(gone, 2, DAY[6], None),  # the same, elsewhere, later
        AttemptAllowance(membership_id=keep, module_slug=SLUG, extra_attempts=1, granted_at=DAY[2]),
        AttemptAllowance(membership_id=gone, module_slug=SLUG, extra_attempts=2, granted_at=DAY[4]),
        GradeOutbox(membership_id=keep, module_slug=SLUG, score_given=0.0, score_maximum=1.0, timestamp=DAY[1],
                    activity_progress="Submitted", grading_progress="FullyGraded", updated_at=DAY[1]),
        GradeOutbox(membership_id=gone, module_slug=SLUG, score_given=1.0, score_maximum=1.0, timestamp=DAY[3],
                    activity_progress="Submitted", grading_progress="FullyGraded", updated_at=DAY[3]),
    ])  # fmt: skip
    db.flush()
    answered_last = db.scalars(select(Attempt.id).where(Attempt.membership_id == gone, Attempt.number == 2)).one()
    db.add(Answer(attempt_id=answered_last, question_id="q1", value="a", saved_at=DAY[7]))
    db.commit()

    merged = tenancy.join_lms(db.connection(), into, other)
    db.commit()

    attempts = db.execute(
        select(Attempt.membership_id, Attempt.number, Attempt.started_at, Attempt.submitted_at).order_by(Attempt.number)
    ).all()
    assert [(a.membership_id, a.number) for a in attempts] == [(keep, 1), (keep, 2), (keep, 3)]
    assert [a.submitted_at is not None for a in attempts] == [True, True, False]  # both submitted ones, in order
    assert db.scalars(select(Answer.attempt_id)).all() == [answered_last]  # the attempt answered last goes on
    assert db.scalars(select(AttemptAllowance.extra_attempts)).all() == [3]
    assert db.execute(select(GradeOutbox.membership_id, GradeOutbox.score_given)).all() == [(keep, 1.0)]
    assert merged.memberships == 1 and any("unsubmitted attempt" in note for note in merged.notes)


def test_joining_keeps_referents_and_who_set_them(db, make) -> None:
    """The person followed, the référent who follows, and who set facts: links to the removed row move over."""
    into, other = make.lms("https://moodle.m2i.example"), make.lms("https://moodle.m2i.example/")
    keep, gone = _member(db, make, into), _member(db, make, other)
    course = db.get(Membership, gone).context
    learner = Membership(context=course, user=User(lms_id=other, sub="zoe", name="Zoé Arnaud"), is_learner=True,
                         entry_date=DAY[0].date(), referent_id=gone, referent_set_by_id=gone, facts_set_by_id=gone,
                         referent_set_at=DAY[2])  # fmt: skip
    db.add(learner)
    db.flush()
    db.get(Membership, keep).entry_date_estimated = True  # known from one LMS record's roster only
    db.get(Membership, gone).left_at = DAY[4]
    db.commit()

    tenancy.join_lms(db.connection(), into, other)
    db.commit()
    db.expire_all()
    zoe = db.scalars(select(Membership).join(User).where(User.sub == "zoe")).one()
    assert (zoe.referent_id, zoe.referent_set_by_id, zoe.facts_set_by_id) == (keep, keep, keep)
    kept = db.get(Membership, keep)
    assert not kept.entry_date_estimated and kept.left_at is None  # one record had it launched, in the course
