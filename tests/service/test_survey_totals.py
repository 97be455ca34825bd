"""The satisfaction survey: answers recorded, totals for the course's référents from five people up, never one's answers."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from werkzeug.datastructures import MultiDict

from lms_service.security.csrf import csrf_token

SURVEY = "questionnaire-satisfaction"


def _answer(app, token: str, duration: str) -> None:
    """A learner answers « la durée de la nurserie » and submits, through the quiz form."""
    with app.test_request_context():
        csrf = csrf_token(token)
    form = MultiDict([("lt", token), ("csrf_token", csrf), ("attempt", "1"), ("revision", "0"), ("q-sat-duree", duration), ("valider", "1")])
    response = _outside(app.test_client().post, f"/quiz/{SURVEY}/?lt={token}", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)[-500:]


def _outside(call, *args, **kwargs):
    """Run a request outside the fixture's app context, as real requests are."""
    with ThreadPoolExecutor(1) as outside:
        return outside.submit(call, *args, **kwargs).result()


def _dashboard(app, token: str) -> str:
    return _outside(app.test_client().get, f"/tutor/questionnaires?lt={token}").get_data(as_text=True)


def test_four_answers_show_no_totals_and_five_do(app, make) -> None:
    course = make.course()
    referent = make.token(make.member(course, "Nadia Haddad", tutor=True))
    learners = [make.token(make.member(course, f"Apprenant {n}")) for n in range(5)]
    for token in learners[:4]:
        _answer(app, token, "adaptee")

    four = _dashboard(app, referent)
    assert "4 personnes ont répondu. Les totaux s'affichent à partir de 5 réponses" in four
    assert "survey-statement" not in four

    _answer(app, learners[4], "longue")
    five = _dashboard(app, referent)
    assert "5 personnes ont répondu" in five
    duration = re.search(r'<caption id="stmt-sat-duree">.*?</table>', five, re.S).group(0)
    assert re.search(r"Adaptée</th><td>4</td>", duration) and re.search(r"Trop longue</th><td>1</td>", duration)


def test_a_person_who_answers_again_counts_once_with_their_last_answers(app, make) -> None:
    course = make.course()
    referent = make.token(make.member(course, "Nadia Haddad", tutor=True))
    learners = [make.token(make.member(course, f"Apprenant {n}")) for n in range(5)]
    for token in learners:
        _answer(app, token, "adaptee")
    with app.test_request_context():
        csrf = csrf_token(learners[0])
    again = MultiDict([("lt", learners[0]), ("csrf_token", csrf), ("attempt", "2"), ("revision", "0"), ("q-sat-duree", "courte"),
                       ("valider", "1")])  # fmt: skip
    assert _outside(app.test_client().post, f"/quiz/{SURVEY}/?lt={learners[0]}", data=again).status_code == 303

    duration = re.search(r'<caption id="stmt-sat-duree">.*?</table>', _dashboard(app, referent), re.S).group(0)
    assert "Adaptée</th><td>4</td>" in duration and "Trop courte</th><td>1</td>" in duration


def test_no_page_shows_one_learner_s_survey_answers(app, make) -> None:
    course = make.course()
    referent = make.token(make.member(course, "Nadia Haddad", tutor=True))
    learner = make.member(course, "Inès Martin")
    _answer(app, make.token(learner), "longue")
    client = app.test_client()

    learner_page = _outside(client.get, f"/tutor/learners/{learner.id}?lt={referent}").get_data(as_text=True)
    assert f'id="quiz-{SURVEY}"' not in learner_page and "Trop longue" not in learner_page
    attempt = _outside(client.get, f"/tutor/learners/{learner.id}/quiz/{SURVEY}/essais/1?lt={referent}")
    assert attempt.status_code == 404
    assert "Trop longue" not in _dashboard(app, referent)


def test_a_referent_s_own_answers_never_complete_the_five(app, make) -> None:
    """Four learners and the référente herself: she could subtract her answers, so nothing shows."""
    course = make.course()
    referent = make.token(make.member(course, "Nadia Haddad", tutor=True))
    for n in range(4):
        _answer(app, make.token(make.member(course, f"Apprenant {n}")), "adaptee")
    _answer(app, referent, "longue")
    shown = _dashboard(app, referent)
    assert "4 personnes ont répondu. Les totaux s'affichent à partir de 5 réponses" in shown
    assert "survey-statement" not in shown


def test_the_survey_tells_learners_that_only_totals_from_five_answers_are_seen(app, make) -> None:
    course = make.course()
    token = make.token(make.member(course, "Inès"))
    page = _outside(app.test_client().get, f"/quiz/{SURVEY}/?lt={token}").get_data(as_text=True)
    assert "jamais montrées une par une" in page and "à partir de 5 réponses" in page
