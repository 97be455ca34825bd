"""Issue 14, point 5: the figures are the programme's — an LMS administrator's for every course of the LMS, a
tutor's for the courses they follow; a mentor and a learner are refused; the filters offer only what the page
offers (anything else: 400), and a course outside the viewer's scope is a 404 that shows nothing of it."""
from __future__ import annotations

import pytest

from lms_service.db import utcnow
from lms_service.models import Membership

from .conftest import A_TITLE, B_TITLE, C_TITLE, get, month_back, table

PAGE = "/tutor/chiffres"


@pytest.mark.parametrize("person", ["olivier-martin", "ines-belkacem"])
def test_a_mentor_and_a_learner_are_refused(visit, person) -> None:
    """Real launches: Olivier, a France Travail adviser (mentor) following two learners; Inès, a learner."""
    answer = visit(person).get(PAGE)
    assert answer.status_code == 403
    assert "Chiffres du programme" not in answer.text


def test_the_administrator_and_the_tutor_launched_for_real_read_the_page(visit) -> None:
    for person in ("claire-vasseur", "nadia-haddad"):
        answer = visit(person).get(PAGE)
        assert answer.status_code == 200 and "Chiffres du programme" in answer.text, person
        assert "Nurserie numérique — Afpa Roubaix" in answer.text


def _also_tutor_in(db, course, member, **facts) -> Membership:
    """The same person, a tutor of another course too."""
    other = Membership(context=course, user=member.user, is_learner=False, is_tutor=True, entry_date=member.entry_date,
                       **facts)  # fmt: skip
    db.add(other)
    db.flush()
    return other


def test_a_mentor_is_refused_even_when_she_tutors_another_course(app, make, db, programme) -> None:
    """Her launch from A as a mentor is what counts, not her tutoring of B."""
    mentor = make.member(programme.a, "Monique Garnier", is_mentor=True, mentor_scope=["x"])
    mentor.is_learner = False
    _also_tutor_in(db, programme.b, mentor)
    assert get(app, make.token(mentor)).status_code == 403


def test_a_tutor_of_two_courses_reads_both_until_she_leaves_one(app, make, db, programme) -> None:
    tutor = make.member(programme.a, "Nadia Haddad", tutor=True)
    in_b = _also_tutor_in(db, programme.b, tutor)
    token = make.token(tutor)
    html = get(app, token).get_data(as_text=True)
    assert list(table(html, "table-cours")) == [B_TITLE, A_TITLE]
    assert table(html, "table-months")["Ensemble"] == ["10", "5 sur 9 (56 %)"]
    in_b.left_at = utcnow()
    db.commit()
    html = get(app, token).get_data(as_text=True)
    assert list(table(html, "table-cours")) == [A_TITLE] and B_TITLE not in html
    assert get(app, token, cours=str(programme.b.id)).status_code == 404


@pytest.mark.parametrize("args", [
    {"cours": "abc"}, {"cours": "-1"}, {"cours": "1.5"}, {"cours": "9" * 5000}, {"cours": "١"},
    {"modalite": "both"}, {"modalite": "on_site"}, {"du": "2026-13"}, {"du": "2026-1"}, {"du": "1999-01"},
    {"au": "3000-01"}, {"du": "x" * 5000}, {"du": "nov. 2026"},
])  # fmt: skip
def test_a_filter_the_page_does_not_offer_is_a_400(app, make, programme, args) -> None:
    admin = make.token(make.member(programme.a, "Claire Vasseur", tutor=True, is_admin=True))
    answer = get(app, admin, **args)
    assert answer.status_code == 400
    assert A_TITLE not in answer.get_data(as_text=True)


def test_a_period_that_ends_before_it_starts_is_a_400(app, make, programme) -> None:
    admin = make.token(make.member(programme.a, "Claire Vasseur", tutor=True, is_admin=True))
    assert get(app, admin, du=f"{month_back(2):%Y-%m}", au=f"{month_back(3):%Y-%m}").status_code == 400
    assert get(app, admin, du=f"{month_back(3):%Y-%m}", au=f"{month_back(3):%Y-%m}").status_code == 200


def test_a_course_outside_the_viewer_s_scope_is_a_404_that_names_nothing(app, make, programme) -> None:
    admin = make.token(make.member(programme.a, "Claire Vasseur", tutor=True, is_admin=True))
    tutor = make.token(make.member(programme.a, "Nadia Haddad", tutor=True))
    for token, course in ((admin, programme.c), (tutor, programme.b), (tutor, programme.c), (admin, programme.c.id + 99)):
        answer = get(app, token, cours=str(getattr(course, "id", course)))
        body = answer.get_data(as_text=True)
        assert answer.status_code == 404
        assert B_TITLE not in body and C_TITLE not in body
    assert table(get(app, tutor, cours=str(programme.a.id)).get_data(as_text=True), "table-months")["Ensemble"][0] == "9"
