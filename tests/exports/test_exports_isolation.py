"""Issue 14, point 6, and the quality rule « one platform's tutors never see another platform's or another
course's learners »: each file holds the learners the viewer may see (this course, or with `cours=tous` the
courses they follow), a mentor's only those it follows and no reviews, a learner nothing; refused or
mistaken requests are never recorded as downloads."""
from __future__ import annotations

from datetime import date

import pytest
import requests
from sqlalchemy import update

from devplatform.seed import LILLE
from lms_service.db import utcnow
from lms_service.models import User

from .records import (
    ATTEMPTS,
    ATTENDANCE,
    FILES,
    PAGE,
    REVIEWS,
    attempt,
    course,
    exports_recorded,
    member,
    review,
    session,
    table,
)


def _records(db, learner) -> None:
    """One attempt, one review, one attendance: the learner appears in every file."""
    attempt(db, learner, submitted=utcnow(), passed=True)
    review(db, learner)
    session(db, learner.context, date(2026, 11, 9), f"Séance {learner.id} de {learner.context.title}",
            {learner: "present"})  # one session per course, day and label


def _names(response) -> list[str]:
    return sorted({row["Apprenant"] for row in table(response)})


@pytest.fixture
def courses(visit, make, db):
    """Roubaix and Lille (both of the dev LMS, Nadia launched from Roubaix only), a third course of the same LMS
    nobody launched from, and a course of another LMS: one learner with records in each."""
    visit("claire-vasseur")
    visit("claire-vasseur", LILLE)
    other_lms = make.lms()
    places = {"roubaix": course(db), "lille": course(db, LILLE), "third": make.course("Troisième cours"),
              "elsewhere": make.course("Cours de l'autre LMS", lms_id=other_lms)}  # fmt: skip
    for key, place in places.items():
        _records(db, make.member(place, f"Apprenant {key}"))
    db.commit()
    return places


def test_a_tutor_s_files_hold_this_course_or_the_courses_they_follow(visit, db, courses) -> None:
    nadia = visit("nadia-haddad")
    for path in FILES:
        assert _names(nadia.get(path)) == ["Apprenant roubaix"], path
        assert _names(nadia.get(f"{path}?cours=tous")) == ["Apprenant roubaix"], path  # follows no other course yet
    visit("nadia-haddad", LILLE)  # now a tutor of Lille as well
    for path in FILES:
        assert _names(nadia.get(f"{path}?cours=tous")) == ["Apprenant lille", "Apprenant roubaix"], path
        assert _names(nadia.get(path)) == ["Apprenant roubaix"], path
    assert [what for _, what, _ in exports_recorded(db)] == [
        "essais:cours", "essais:tous", "bilans:cours", "bilans:tous", "presences:cours", "presences:tous",
        "essais:tous", "essais:cours", "bilans:tous", "bilans:cours", "presences:tous", "presences:cours"]


def test_the_administrator_takes_every_course_of_the_lms_never_another_lms(visit, db, courses) -> None:
    claire = visit("claire-vasseur")
    for path in FILES:
        assert _names(claire.get(f"{path}?cours=tous")) == ["Apprenant lille", "Apprenant roubaix",
                                                              "Apprenant third"], path  # fmt: skip
        body = claire.get(f"{path}?cours=tous").text
        assert "elsewhere" not in body and "autre LMS" not in body


def test_a_tutor_of_another_lms_takes_their_own_and_nothing_of_ours(tool_server, make, db, courses) -> None:
    theirs = make.member(courses["elsewhere"], "Tutrice d'ailleurs", tutor=True)
    token = make.token(theirs)
    for path in FILES:
        for scope in ("", "?cours=tous"):
            answer = requests.get(f"{tool_server.url}{path}{scope}{'&' if scope else '?'}lt={token}", timeout=10)
            assert _names(answer) == ["Apprenant elsewhere"], (path, scope)
    page = requests.get(f"{tool_server.url}{PAGE}?lt={token}", timeout=10).text
    assert "Nadia" not in page and "Claire" not in page and "Roubaix" not in page


def test_a_mentor_takes_its_learners_attempts_and_attendance_and_no_reviews(visit, make, db, courses) -> None:
    visit("ines-belkacem")
    ines = member(db, "ines-belkacem")
    _records(db, ines)
    db.commit()
    olivier = visit("olivier-martin")  # follows Inès and Kévin, not « Apprenant roubaix »
    assert _names(olivier.get(ATTEMPTS)) == _names(olivier.get(ATTENDANCE)) == ["Inès Belkacem"]
    assert _names(olivier.get(f"{ATTEMPTS}?cours=tous")) == ["Inès Belkacem"]
    assert olivier.get(REVIEWS).status_code == 403 and olivier.get(f"{REVIEWS}?cours=tous").status_code == 403
    page = olivier.get(PAGE)
    assert page.status_code == 200 and "Essais aux quiz" in page.text and "Bilans et suivis" not in page.text
    assert "cours=tous" not in page.text and "que vous suivez" in page.text
    assert [what for _, what, _ in exports_recorded(db)] == ["essais:cours", "presences:cours", "essais:tous"]


def test_a_mentor_s_files_never_hold_an_e_mail_address(visit, make, db, courses) -> None:
    """A name missing from the LMS falls back to the e-mail address on the référents' pages and files; a mentor
    follows without contact details, so its files say « Personne … » instead (a learner's, or who noted a
    presence), as the list's file has no e-mail column for it."""
    visit("kevin-dufour")  # followed by Olivier the mentor
    visit("nadia-haddad")
    kevin, nadia = member(db, "kevin-dufour"), member(db, "nadia-haddad")
    db.execute(update(User).where(User.id.in_([kevin.user_id, nadia.user_id]))
               .values(name=None, given_name=None, family_name=None))  # fmt: skip
    db.execute(update(User).where(User.id == kevin.user_id).values(email="kevin.dufour@example.org"))
    db.execute(update(User).where(User.id == nadia.user_id).values(email="nadia.haddad@example.org"))
    attempt(db, kevin, submitted=utcnow(), passed=True)
    session(db, kevin.context, date(2026, 11, 16), "Atelier CV", {kevin: "present"}, by=nadia)
    db.commit()

    olivier = visit("olivier-martin")
    for path in (ATTEMPTS, ATTENDANCE, f"{ATTEMPTS}?cours=tous", f"{ATTENDANCE}?cours=tous"):
        answer = olivier.get(path)
        assert "@" not in answer.content.decode("utf-8-sig"), path
        assert _names(answer) == ["Personne kevin-du"], path
    (row,) = table(olivier.get(ATTENDANCE))
    assert row["Noté par"] == "Personne nadia-ha"
    # A référent's files keep today's words: the address stands for the missing name, as on the list.
    claire = visit("claire-vasseur")
    assert _names(claire.get(ATTEMPTS)) == ["Apprenant roubaix", "kevin.dufour@example.org"]
    noted = {row["Apprenant"]: row["Noté par"] for row in table(claire.get(ATTENDANCE))}
    assert noted["kevin.dufour@example.org"] == "nadia.haddad@example.org"


def test_a_learner_gets_403_and_nothing_is_recorded(visit, db, courses) -> None:
    ines = visit("ines-belkacem")
    for path in (*FILES, PAGE, f"{ATTEMPTS}?cours=tous"):
        assert ines.get(path).status_code == 403, path
    assert exports_recorded(db) == []


@pytest.mark.parametrize("value", ["autre", "TOUS", "tous ", "x" * 5000, "%00", "cours", "1"])
def test_a_scope_not_on_offer_is_a_400_and_not_recorded(visit, db, value: str) -> None:
    nadia = visit("nadia-haddad")
    for path in FILES:
        assert nadia.get(f"{path}?cours={value}").status_code == 400, path
    assert exports_recorded(db) == []
    assert table(nadia.get(f"{ATTEMPTS}?cours=&inconnu=1")) == []  # empty: this course; other names ignored
