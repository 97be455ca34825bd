"""The LMS administrator's survey page: each course of their LMS with its totals from five answers up, no other LMS.

Learners answer through the real quiz form; the people and courses are made
with the factories, beside one real launch of the dev platform's administrator.
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from werkzeug.datastructures import MultiDict

from lms_service.security.csrf import csrf_token

SURVEY = "questionnaire-satisfaction"
PAGE = "/tutor/lms/questionnaires"
NOT_YET = "Les totaux s'affichent à partir de 5 réponses"


def _outside(call, *args, **kwargs):
    """Run a request outside the fixture's app context, as real requests are."""
    with ThreadPoolExecutor(1) as outside:
        return outside.submit(call, *args, **kwargs).result()


def _answer(app, token: str, duration: str, comment: str = "") -> None:
    """A learner answers « la durée de la nurserie » (and the free comment) and submits, through the quiz form."""
    with app.test_request_context():
        csrf = csrf_token(token)
    form = MultiDict([("lt", token), ("csrf_token", csrf), ("attempt", "1"), ("revision", "0"), ("q-sat-duree", duration),
                      ("q-sat-ameliorer", comment), ("valider", "1")])  # fmt: skip
    response = _outside(app.test_client().post, f"/quiz/{SURVEY}/?lt={token}", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)[-500:]


def _learners_answer(app, make, course, durations: list[str], comment: str = "") -> None:
    for n, duration in enumerate(durations):
        _answer(app, make.token(make.member(course, f"{course.title} apprenant {n}")), duration, comment)


def _get(app, token: str, path: str = PAGE):
    return _outside(app.test_client().get, f"{path}?lt={token}")


def _administrator(make, course):
    """An LMS administrator launching from `course`, as the roles map one: neither learner nor tutor."""
    admin = make.member(course, "Claire Vasseur", tutor=True, is_admin=True)
    admin.is_tutor = False
    make.db.flush()
    return admin


def _section(page: str, course) -> str | None:
    found = re.search(rf'<section class="survey-course" aria-labelledby="course-{course.id}">.*?</section>', page, re.S)
    return found.group(0) if found else None


def _count(section: str, course, statement: str, label: str) -> int:
    table = re.search(rf'<caption id="stmt-{course.id}-{statement}">.*?</table>', section, re.S).group(0)
    return int(re.search(rf"{label}</th><td>(\d+)</td>", table).group(1))


def test_the_administrator_sees_every_course_of_their_lms_each_with_its_totals(app, make) -> None:
    roubaix, lille = make.course("Nurserie Roubaix"), make.course("Nurserie Lille")
    stand_in = make.course("Lancements hors cours")
    stand_in.has_course = False
    elsewhere = make.course("Nurserie d'un autre LMS", lms_id=make.lms())
    _learners_answer(app, make, roubaix, ["adaptee"] * 4 + ["longue"])
    _learners_answer(app, make, lille, ["courte"] * 4)
    _learners_answer(app, make, elsewhere, ["longue"] * 5)
    admin = make.token(_administrator(make, lille))  # from a course still below five: the LMS is what counts

    page = _get(app, admin).get_data(as_text=True)
    shown, hidden = _section(page, roubaix), _section(page, lille)
    assert "5 personnes ont répondu" in shown
    assert _count(shown, roubaix, "sat-duree", "Adaptée") == 4
    assert _count(shown, roubaix, "sat-duree", "Trop longue") == 1
    assert _count(shown, roubaix, "sat-duree", "Trop courte") == 0  # Lille's four are not Roubaix's
    assert f"4 personnes ont répondu. {NOT_YET}" in hidden and "<table" not in hidden
    assert "Nurserie d'un autre LMS" not in page and _section(page, elsewhere) is None
    assert "Lancements hors cours" not in page  # a launch outside any course is no course
    assert page.index("Nurserie Lille") < page.index("Nurserie Roubaix")  # by name

    other_admin = make.token(_administrator(make, elsewhere))
    theirs = _get(app, other_admin).get_data(as_text=True)
    assert _count(_section(theirs, elsewhere), elsewhere, "sat-duree", "Trop longue") == 5
    assert "Nurserie Roubaix" not in theirs and "Nurserie Lille" not in theirs


def test_a_real_administrator_launch_finds_the_page_from_the_course_page(visit) -> None:
    """The dev platform's Claire Vasseur (institution Administrator): a link on her course page, the page behind it."""
    claire = visit("claire-vasseur")
    dashboard = claire.get("/tutor/").text
    assert f'href="{PAGE}?lt=' in dashboard
    page = claire.get(PAGE)
    assert page.status_code == 200 and "Nurserie numérique — Afpa Roubaix" in page.text
    assert f"0 personnes ont répondu. {NOT_YET}" in page.text
    assert PAGE not in visit("nadia-haddad").get("/tutor/").text  # a référente alone: no link


def test_tutors_mentors_and_learners_are_refused(app, make) -> None:
    course = make.course()
    _learners_answer(app, make, course, ["adaptee"] * 5)
    tutor = make.member(course, "Nadia Haddad", tutor=True)
    mentor = make.member(course, "Olivier Martin", is_mentor=True)
    mentor.is_learner = False
    learner = make.member(course, "Inès Martin")
    for member in (tutor, mentor, learner):
        response = _get(app, make.token(member))
        assert response.status_code == 403, member.user.name
        assert "survey-statement" not in response.get_data(as_text=True)
    assert _outside(app.test_client().get, PAGE).status_code == 401


def test_no_page_shows_one_learner_s_answers(app, make) -> None:
    """One learner, or four and the administrator herself: nothing of their answers; names and comments never."""
    alone, four = make.course("Nurserie Roubaix"), make.course("Nurserie Lille")
    learner = make.member(alone, "Inès Martin")
    _answer(app, make.token(learner), "longue", comment="Je suis Inès, la seule à trouver ça trop long")
    _learners_answer(app, make, four, ["adaptee"] * 4)
    admin = make.token(_administrator(make, four))
    _answer(app, admin, "courte")  # her own answer would let her subtract it from the totals
    _learners_answer(app, make, make.course("Nurserie Arras"), ["adaptee"] * 5, comment="Signé Bastien Delattre")

    page = _get(app, admin).get_data(as_text=True)
    assert f"1 personne a répondu. {NOT_YET}" in _section(page, alone)
    assert f"4 personnes ont répondu. {NOT_YET}" in _section(page, four)
    assert "Trop longue</th><td>1<" not in page and "Trop courte</th><td>1<" not in page
    assert "Inès" not in page and "apprenant 0" not in page and "Bastien" not in page
    assert "Trop longue" not in _outside(app.test_client().get, f"/tutor/learners/{learner.id}?lt={admin}").get_data(
        as_text=True
    )


def test_the_page_s_statements_do_not_grow_with_the_courses(app, make, sql) -> None:
    first = make.course("Nurserie Roubaix")
    _learners_answer(app, make, first, ["adaptee"] * 5)
    admin = make.token(_administrator(make, first))
    assert _get(app, admin).status_code == 200  # the session's first request is not the one measured

    with sql() as one:
        assert _get(app, admin).status_code == 200
    for title, answers in (("Nurserie Lille", 5), ("Nurserie Arras", 2), ("Nurserie Calais", 0)):
        _learners_answer(app, make, make.course(title), ["longue"] * answers)
    make.db.commit()
    with sql() as four:
        page = _get(app, admin).get_data(as_text=True)
    assert page.count('<section class="survey-course"') == 4
    assert len(four.statements) == len(one.statements), four.statements
    assert len(one.statements) <= 4, one.statements  # the session, the courses, the respondents, the answers
