"""Issue 13, point 4: « À appeler » with its reason in words, set by the learner's own submission (no worker),
and the list narrowed by the entry test and sorted by urgency."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.content import Module, get_catalogue
from lms_service.db import utcnow
from lms_service.models import Context, CourseFigures, Membership, ModuleProgress, User
from lms_service.risk.reasons import ENTRY_TEST_LOW, INACTIVE, NOT_STARTED, QUIZ_FAILED

from ..entry_test_taking import SLUG as ENTRY_TEST
from ..entry_test_taking import EntryTest
from ..quiz_taking import Quiz, right_answers
from .conftest import SLUG, never_launched, reasons, started

AT_RISK = '<strong class="badge risk">À appeler</strong>'
FAILED_TWICE = "Un quiz échoué 2 fois"


def row_of(page: str, name: str) -> str:
    """The list's row of that person (its <tr>), or "" when they are not listed."""
    return next((row for row in page.split("<tr>")[1:] if f">{name}</a>" in row), "")


def _id(db, sub: str) -> int:
    db.expire_all()
    return db.scalars(select(Membership.id).join(User).where(User.sub == sub)).one()


def _module(app, slug: str) -> Module:
    with app.app_context():
        return get_catalogue().get(slug)


def test_a_quiz_failed_twice_shows_at_once_and_passing_it_clears_it(app, visit, db) -> None:
    """Two blank attempts through the quiz page: the référent's list says why at once, with no worker's pass."""
    quiz = Quiz(visit)
    tutor = visit("nadia-haddad")
    ines = _id(db, "ines-belkacem")
    assert quiz.send([]).status_code == 303
    once = row_of(tutor.get("/tutor/?vue=tous").text, "Inès Belkacem")
    assert once and AT_RISK not in once and reasons(db, ines) == 0  # one failure is no alert
    assert quiz.send([]).status_code == 303
    twice = row_of(tutor.get("/tutor/?vue=tous").text, "Inès Belkacem")
    assert AT_RISK in twice and f"<li>{FAILED_TWICE}</li>" in twice
    assert reasons(db, ines) == QUIZ_FAILED and db.get(CourseFigures, db.get(Membership, ines).context_id) is None
    progress = db.scalars(select(ModuleProgress).where(ModuleProgress.membership_id == ines,
                                                       ModuleProgress.module_slug == SLUG)).one()  # fmt: skip
    assert (progress.failed_attempts, progress.passed, progress.score_percent) == (2, False, 0)
    assert "Kévin" not in tutor.get("/tutor/?vue=tous&statut=risque").text
    assert ">Inès Belkacem</a>" in tutor.get("/tutor/?vue=tous&statut=risque").text

    assert quiz.send(right_answers(_module(app, SLUG))).status_code == 303
    passed = row_of(tutor.get("/tutor/?vue=tous").text, "Inès Belkacem")
    assert passed and AT_RISK not in passed and FAILED_TWICE not in passed and reasons(db, ines) == 0
    db.expire_all()
    assert (progress.failed_attempts, progress.passed, progress.score_percent) == (2, True, 100)


def test_the_entry_test_below_its_threshold_is_an_alert_and_a_filter(app, visit, make, db) -> None:
    """Inès answers nothing (0 %), Kévin everything (100 %); Yasmine, on the roster only, never took it."""
    module = _module(app, ENTRY_TEST)
    assert module.pass_score == 50  # the default threshold: the test's own pass score
    EntryTest(visit, module).take(answer=lambda asked: [])
    EntryTest(visit, module, "kevin-dufour").take()
    tutor = visit("nadia-haddad")
    course = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    never_launched(db, make.member(course, "Yasmine Benali"))
    db.commit()
    assert reasons(db, _id(db, "ines-belkacem")) == ENTRY_TEST_LOW and reasons(db, _id(db, "kevin-dufour")) == 0
    row = row_of(tutor.get("/tutor/?vue=tous").text, "Inès Belkacem")
    assert AT_RISK in row and "<li>Test d&#39;entrée sous 50 %</li>" in row

    def listed(test: str) -> set[str]:
        page = tutor.get(f"/tutor/?vue=tous&test={test}")
        assert page.status_code == 200
        return {name for name in ("Inès Belkacem", "Kévin Dufour", "Yasmine Benali") if row_of(page.text, name)}

    assert listed("sous_seuil") == {"Inès Belkacem"}
    assert listed("reussi") == {"Kévin Dufour"}
    assert listed("pas_fait") == {"Yasmine Benali"}


def test_the_urgency_sort_puts_those_who_never_started_first_then_the_silent_then_the_struggling(
    visit, make, db, refresh
) -> None:  # fmt: skip
    tutor = visit("nadia-haddad")
    course = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    now, entered = utcnow(), (utcnow() - timedelta(days=20)).date()
    people = {
        # name: (facts, module started, failed attempts)  — the names sort against urgency on every other key
        "Anne Calme": ({"last_activity_at": now - timedelta(hours=1)}, True, 0),
        "Bruno Échoue": ({"last_activity_at": now - timedelta(hours=2)}, True, 2),
        "Chloé Silence": ({"last_activity_at": now - timedelta(days=9)}, True, 0),
        "Denis Jamais": ({}, False, 0),
    }
    ids = {}
    for name, (facts, begun, failed) in people.items():
        member = make.member(course, name, entry_date=entered, **facts)
        if begun:
            started(db, member, failed=failed, passed=False if failed else None)
        if name == "Denis Jamais":
            never_launched(db, member)
        ids[name] = member.id
    db.commit()
    refresh(now)
    assert {name: reasons(db, i) for name, i in ids.items()} == {
        "Anne Calme": 0, "Bruno Échoue": QUIZ_FAILED, "Chloé Silence": INACTIVE, "Denis Jamais": NOT_STARTED}
    page = tutor.get("/tutor/?vue=tous&tri=urgence").text
    found = sorted(people, key=lambda name: page.index(f">{name}</a>"))
    assert found == ["Denis Jamais", "Chloé Silence", "Bruno Échoue", "Anne Calme"]
    by_activity = tutor.get("/tutor/?vue=tous").text
    assert by_activity.index(">Anne Calme</a>") < by_activity.index(">Bruno Échoue</a>")  # the sort is the urgency's


@pytest.mark.parametrize("test", ["bon", "1", "SOUS_SEUIL"])
def test_an_entry_test_filter_not_on_offer_is_refused(visit, test) -> None:
    assert visit("nadia-haddad").get(f"/tutor/?test={test}").status_code == 400



def test_an_answer_is_activity_it_ends_the_silence_at_once(visit, db) -> None:
    """Issue 14: « une page, une réponse ou une présence » count as activity (the alerts, the retention)."""
    quiz = Quiz(visit)
    ines = _id(db, "ines-belkacem")
    member = db.get(Membership, ines)
    member.last_activity_at, member.risk_reasons = utcnow() - timedelta(days=12), INACTIVE
    db.commit()
    before = utcnow()
    assert quiz.send([]).status_code == 303
    db.expire_all()
    member = db.get(Membership, ines)
    assert member.risk_reasons == 0 and member.last_activity_at.replace(tzinfo=None) >= before.replace(tzinfo=None)
