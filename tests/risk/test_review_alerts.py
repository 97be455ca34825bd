"""Issue 14, point 3: the two alerts of the nursery's end, set by the worker's pass with its clock chosen here.

« Pas de bilan » once the nursery's five weeks are over without a review; « sans
nouvelles » when nothing was heard for a month after the review, or after those
five weeks when there is none. A page, an answer or a presence (all in
`last_activity_at`) and a follow-up are news; the 6-month follow-up ends the
watch; a review saying the person dropped out ends every alert, and after a
review the nursery's own alerts (silence, modules, scores) no longer apply.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.models import Context, NurseryReview, ReviewFollowUp, RiskRules
from lms_service.models.records import DROPPED_OUT, ENTERED_TRAINING, IN_TRAINING, SEARCHING
from lms_service.models.records import NO_NEWS as FOUND_NOBODY
from lms_service.risk.reasons import INACTIVE, LOST_CONTACT, NO_REVIEW, NOT_STARTED, QUIZ_FAILED

from .conftest import reasons, started

NOW = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)  # noon in Paris
TODAY = date(2026, 11, 30)
RECENTLY = NOW - timedelta(days=2)  # active: no « silence », no « no news »


def _days(n: int) -> date:
    return TODAY - timedelta(days=n)


CASES = {  # name: (days since entry, days since last activity, review (days ago, outcome), follow-ups) -> reasons
    "Entrée il y a 34 jours": (34, 2, None, (), 0),
    "Entrée il y a 35 jours, sans bilan": (35, 2, None, (), NO_REVIEW),
    "Entrée il y a 35 jours, bilan fait": (35, 2, (1, ENTERED_TRAINING), (), 0),
    "Sans bilan, muette depuis 31 jours, 65 jours après l'entrée": (65, 31, None, (), NO_REVIEW | INACTIVE | LOST_CONTACT),
    "Sans bilan, muette depuis 31 jours, 64 jours après l'entrée": (64, 31, None, (), NO_REVIEW | INACTIVE),
    "Sans bilan, active, 90 jours après l'entrée": (90, 2, None, (), NO_REVIEW),
    "Bilan il y a 31 jours, muette depuis 40": (80, 40, (31, ENTERED_TRAINING), (), LOST_CONTACT),
    "Bilan il y a 29 jours, muette depuis 40": (80, 40, (29, ENTERED_TRAINING), (), 0),
    "Bilan il y a 31 jours, page lue hier": (80, 1, (31, ENTERED_TRAINING), (), 0),
    "Bilan il y a 100 jours, suivi à 3 mois noté il y a 5 jours": (150, 120, (100, ENTERED_TRAINING), ((3, 5),), 0),
    "Bilan il y a 100 jours, suivi à 3 mois noté il y a 40 jours": (150, 120, (100, ENTERED_TRAINING), ((3, 40),),
                                                                     LOST_CONTACT),
    "Bilan il y a 250 jours, suivi à 6 mois fait": (300, 240, (250, ENTERED_TRAINING), ((3, 150), (6, 60)), 0),
    "Abandon au bilan il y a 60 jours": (100, 70, (60, DROPPED_OUT), (), 0),
}  # fmt: skip


def test_no_review_after_five_weeks_and_no_news_a_month_after(make, db, refresh) -> None:
    course = make.course()
    ids = {}
    for name, (entered, quiet, review, follow_ups, _) in CASES.items():
        member = make.member(course, name, entry_date=_days(entered), last_activity_at=NOW - timedelta(days=quiet))
        started(db, member)
        if review:
            db.add(NurseryReview(membership_id=member.id, held_on=_days(review[0]), outcome=review[1]))
        for months, noted in follow_ups:
            db.add(ReviewFollowUp(membership_id=member.id, months=months, state=IN_TRAINING, noted_on=_days(noted)))
        ids[name] = member.id
    db.commit()
    refresh(NOW)
    assert {name: reasons(db, i) for name, i in ids.items()} == {name: case[-1] for name, case in CASES.items()}


def test_a_review_ends_the_nursery_s_alerts_and_only_a_follow_up_that_found_them_is_news(make, db, refresh) -> None:
    """Silent, a quiz failed twice: then the review is written, and only « no news » can follow. A follow-up
    that found nobody (« sans nouvelles ») leaves the alert; one that found them ends it."""
    course = make.course()
    member = make.member(course, "Kenza Amrani", entry_date=_days(40), last_activity_at=NOW - timedelta(days=10))
    started(db, member, failed=2, passed=False)
    db.commit()
    refresh(NOW)
    assert reasons(db, member.id) == INACTIVE | QUIZ_FAILED | NO_REVIEW
    db.add(NurseryReview(membership_id=member.id, held_on=_days(0), outcome=ENTERED_TRAINING))
    db.commit()
    refresh(NOW, every=True)
    assert reasons(db, member.id) == 0
    refresh(NOW + timedelta(days=31), every=True)
    assert reasons(db, member.id) == LOST_CONTACT
    follow_up = ReviewFollowUp(membership_id=member.id, months=3, state=FOUND_NOBODY, noted_on=_days(-31))
    db.add(follow_up)
    db.commit()
    refresh(NOW + timedelta(days=31, minutes=1), every=True)
    assert reasons(db, member.id) == LOST_CONTACT
    follow_up.state = SEARCHING
    db.commit()
    refresh(NOW + timedelta(days=31, minutes=2), every=True)
    assert reasons(db, member.id) == 0


def test_a_learner_gone_from_the_course_after_the_review_is_still_watched(make, db, refresh) -> None:
    """The nursery's course often lets people go once it is over: the follow-ups still count on news."""
    course = make.course()
    gone = {"left_at": NOW - timedelta(days=20), "last_activity_at": NOW - timedelta(days=40)}
    reviewed = make.member(course, "Partie après le bilan", entry_date=_days(80), **gone)
    never_reviewed = make.member(course, "Partie sans bilan", entry_date=_days(80), **gone)
    db.add(NurseryReview(membership_id=reviewed.id, held_on=_days(35), outcome=ENTERED_TRAINING))
    db.commit()
    refresh(NOW)
    assert (reasons(db, reviewed.id), reasons(db, never_reviewed.id)) == (LOST_CONTACT, 0)


def test_the_rules_figures_are_the_lms_s(make, db, refresh) -> None:
    """An administrator who sets six weeks and 45 days moves both alerts."""
    course = make.course()
    member = make.member(course, "Entrée il y a 40 jours", entry_date=_days(40), last_activity_at=RECENTLY)
    started(db, member)
    db.add(RiskRules(lms_id=course.lms_id, review_weeks=6, silent_days=45))
    db.commit()
    refresh(NOW)
    assert reasons(db, member.id) == 0  # 40 days: not yet six weeks
    refresh(NOW + timedelta(days=3), every=True)
    assert reasons(db, member.id) == NO_REVIEW
    never = make.member(course, "Jamais venue", entry_date=_days(20), last_activity_at=None)
    db.commit()
    refresh(NOW + timedelta(days=42 + 45 - 20), every=True)  # six weeks and 45 days after her entry
    assert reasons(db, never.id) == NOT_STARTED | NO_REVIEW | LOST_CONTACT


def test_the_list_shows_the_two_alerts_in_words_with_the_same_badge(visit, make, db, refresh) -> None:
    """Same badge, same list, the rule's own figures in the words."""
    tutor = visit("nadia-haddad")
    course = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    late = make.member(course, "Sans Bilan", entry_date=utcnow().date() - timedelta(days=40),
                       last_activity_at=utcnow() - timedelta(days=1))  # fmt: skip
    started(db, late)
    silent = make.member(course, "Sans Nouvelles", entry_date=utcnow().date() - timedelta(days=90),
                         last_activity_at=utcnow() - timedelta(days=45))  # fmt: skip
    db.add(NurseryReview(membership_id=silent.id, held_on=utcnow().date() - timedelta(days=40), outcome=ENTERED_TRAINING))
    db.commit()
    refresh(utcnow())
    listing = tutor.get("/tutor/?vue=tous&statut=risque&tri=urgence").text
    rows = {name: row for row in listing.split("<tr>")[1:] for name in ("Sans Bilan", "Sans Nouvelles") if f">{name}</a>" in row}
    assert "Pas de bilan 5 semaines après l&#39;entrée" in rows["Sans Bilan"] and "À appeler" in rows["Sans Bilan"]
    assert "Sans nouvelles depuis 30 jours" in rows["Sans Nouvelles"] and "À appeler" in rows["Sans Nouvelles"]
    assert listing.index(">Sans Nouvelles</a>") < listing.index(">Sans Bilan</a>")  # no news first: most urgent
