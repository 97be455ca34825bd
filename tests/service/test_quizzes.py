"""A module's quiz, answered for real: saved as given, scored on the server, told back without giving answers away.

Each test launches from the dev platform and answers through HTTP, with the CSRF
token the quiz page hands out. The module is the real « Le développement web »
(pass score 60 %, three attempts).
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from lms_service.assessments.attempts import passes
from lms_service.content import Module, get_catalogue
from lms_service.models import Answer, Attempt, GradeOutbox

from ..quiz_taking import SLUG, Quiz, right_answers


@pytest.fixture
def module(app) -> Module:
    with app.app_context():
        found = get_catalogue().get(SLUG)
    assert found is not None and found.max_attempts == 3 and found.pass_score == 60
    return found


def test_a_failed_attempt_says_why_without_the_answers_and_a_pass_reveals_them(visit, module, db) -> None:
    quiz = Quiz(visit)
    first_choice = next(q for q in module.questions.values() if q.type_name == "single" and q.answer)
    wrong = next(c for c in first_choice.choices if c.id != first_choice.answer)  # type: ignore[attr-defined]

    failed = quiz.send([(first_choice.field_name, wrong.id)])
    assert failed.status_code == 303 and failed.headers["Location"].endswith(f"/quiz/{SLUG}/essais/1?lt={quiz.visitor.token}")
    told = quiz.result(1).text
    assert "il en faut 60 % pour réussir" in told and "Pas tout à fait" in told
    assert "La bonne réponse" not in told and "Refaire le quiz" in told
    if wrong.feedback:
        assert wrong.feedback.replace("'", "&#39;") in told

    passed = quiz.send(right_answers(module))
    assert passed.headers["Location"].split("?")[0].endswith("/essais/2")
    assert "Bravo, c'est réussi : 100 % des points." in quiz.result(2).text
    assert "La bonne réponse" in quiz.result(1).text  # passed: the first attempt's answers may be shown now

    attempts = db.scalars(select(Attempt).order_by(Attempt.number)).all()
    assert [(a.number, a.passed) for a in attempts] == [(1, False), (2, True)]
    assert attempts[1].score_given == attempts[1].score_maximum > 0


def test_answers_are_saved_as_given_and_come_back_on_the_next_visit(visit, module, db) -> None:
    quiz = Quiz(visit)
    question = next(q for q in module.questions.values() if q.type_name == "single" and q.answer)
    saved = quiz.send([(question.field_name, question.answer)], submit=False)  # type: ignore[attr-defined]
    assert saved.status_code == 303 and "enregistre=1" in saved.headers["Location"]
    assert f'value="{question.answer}" checked' in Quiz(visit).page()  # type: ignore[attr-defined]
    assert db.scalars(select(Answer.value)).all() == [question.answer]  # type: ignore[attr-defined]
    assert db.scalars(select(Attempt.submitted_at)).all() == [None]


def test_no_expected_answer_or_feedback_is_in_the_quiz_page(visit, module) -> None:
    html = Quiz(visit).page()
    for q in module.questions.values():
        assert not (q.feedback and q.feedback.replace("'", "&#39;") in html), q.id
        for choice in getattr(q, "choices", ()):
            assert not (choice.feedback and choice.feedback.replace("'", "&#39;") in html), (q.id, choice.id)
    assert "La bonne réponse" not in html


def test_after_the_last_attempt_no_other_can_start(visit, module, db) -> None:
    quiz = Quiz(visit)
    for number in (1, 2, 3):
        assert quiz.send([]).headers["Location"].split("?")[0].endswith(f"/essais/{number}")
    assert "Vous avez utilisé tous vos essais" in quiz.page()
    refused = quiz.send([], attempt=4)
    assert refused.status_code == 409
    assert db.scalar(select(func.count()).select_from(Attempt)) == 3
    assert "La bonne réponse" in quiz.result(3).text  # no attempt left: the answers may be shown


@pytest.mark.parametrize(
    ("fields", "attempt", "status", "said"),
    [
        ([("q-nope", "a")], None, 400, "pas dans ce quiz"),
        ([("q-nope", "a")], 1, 400, "pas dans ce quiz"),
        ([], 7, 409, "déjà validé"),
    ],
)
def test_a_forged_form_is_refused_and_changes_nothing(visit, db, fields, attempt, status, said) -> None:
    quiz = Quiz(visit)
    refused = quiz.send(fields, attempt=attempt)
    assert refused.status_code == status and said in refused.text
    assert db.scalar(select(func.count()).select_from(Attempt)) == 0


def test_an_answer_the_question_cannot_take_is_shown_to_fix_and_nothing_is_saved(visit, module, db) -> None:
    quiz = Quiz(visit)
    numeric = next(q for q in module.questions.values() if q.type_name in ("numeric", "single"))
    refused = quiz.send([(numeric.field_name, "n'importe quoi")])
    assert refused.status_code == 422
    assert "Rien n'a été enregistré" in refused.text and f'{numeric.field_name}-prompt {numeric.field_name}-error"' in refused.text
    assert db.scalar(select(func.count()).select_from(Answer)) == 0
    assert db.scalar(select(func.count()).select_from(Attempt)) == 0


def test_a_refused_form_comes_back_as_it_was_sent(visit, module, db) -> None:
    """What was typed in the field to correct is shown again; an answer cleared stays cleared."""
    quiz = Quiz(visit)
    numeric = next(q for q in module.questions.values() if q.type_name == "numeric")
    text = next(q for q in module.questions.values() if q.type_name == "text")
    assert quiz.send([(text.field_name, "une réponse")], submit=False).status_code == 303
    refused = quiz.send([(numeric.field_name, "douze")])
    assert refused.status_code == 422
    assert 'value="douze"' in refused.text
    assert 'value="une réponse"' not in refused.text  # cleared in this form: not brought back from the save


def test_a_form_without_its_attempt_or_sent_twice_is_refused(visit, module, db) -> None:
    quiz = Quiz(visit)
    base = [("lt", quiz.visitor.token), ("csrf_token", quiz.csrf)]
    assert quiz.post([*base, ("valider", "1")]).status_code == 400
    form = [*base, ("attempt", "1"), ("revision", "0"), ("valider", "1")]
    assert quiz.post(form).status_code == 303
    again = quiz.post(form)  # the same submission, replayed
    assert again.status_code == 409 and "déjà validé" in again.text
    assert [(a.number, a.submitted_at is not None) for a in db.scalars(select(Attempt))] == [(1, True)]


def test_a_double_click_on_submit_records_one_attempt(visit, module, db) -> None:
    quiz = Quiz(visit)
    form = [("lt", quiz.visitor.token), ("csrf_token", quiz.csrf), ("attempt", "1"), ("revision", "0"),
            *right_answers(module), ("valider", "1")]  # fmt: skip
    start = Barrier(4)

    def click(_: int) -> int:
        start.wait()
        return quiz.post(form).status_code

    with ThreadPoolExecutor(4) as clicks:
        statuses = sorted(clicks.map(click, range(4)))
    assert statuses == [303, 409, 409, 409]
    assert [(a.number, a.passed) for a in db.scalars(select(Attempt))] == [(1, True)]


def test_a_page_older_than_the_last_save_cannot_overwrite_it(visit, module, db) -> None:
    """Two tabs (or a phone and a computer): the one that did not see the last save is refused."""
    quiz = Quiz(visit)
    question = next(q for q in module.questions.values() if q.type_name == "single" and q.answer)
    old_tab = quiz.page()
    assert quiz.send([(question.field_name, question.answer)], submit=False).status_code == 303  # type: ignore[attr-defined]
    stale = quiz.send([], submit=False, attempt=1, revision=int(re.search(r'name="revision" value="(\d+)"', old_tab).group(1)))
    assert stale.status_code == 409 and "depuis un autre onglet" in stale.text
    assert db.scalars(select(Answer.value)).all() == [question.answer]  # type: ignore[attr-defined]


def test_another_learner_s_attempt_is_not_found(visit, module) -> None:
    Quiz(visit).send([])
    other = Quiz(visit, "kevin-dufour")
    assert other.result(1).status_code == 404


def test_the_counted_result_waits_in_the_grade_outbox(visit, module, db) -> None:
    """Written with the attempt, one row per person and module: the best attempt counts here."""
    quiz = Quiz(visit)

    def outbox() -> list[tuple[float, float, str, str, bool]]:
        db.expire_all()
        rows = db.scalars(select(GradeOutbox).where(GradeOutbox.module_slug == SLUG)).all()
        return [(r.score_given, r.score_maximum, r.activity_progress, r.grading_progress, r.sent_at is None) for r in rows]

    quiz.send([])
    maximum = db.scalars(select(Attempt.score_maximum)).one()
    assert outbox() == [(0, maximum, "Submitted", "FullyGraded", True)]
    quiz.send(right_answers(module))
    assert outbox() == [(maximum, maximum, "Completed", "FullyGraded", True)]
    share = db.scalars(select(GradeOutbox).where(GradeOutbox.module_slug == "parcours")).one()
    assert (share.score_maximum, share.activity_progress) == (100, "Submitted")  # the whole path's column, beside
    assert share.score_given == round(100 / len(get_catalogue().scored_in_path()), 2)  # one scored module passed
    quiz.send([])  # a worse attempt after the pass: the best still counts
    assert outbox() == [(maximum, maximum, "Completed", "FullyGraded", True)]


def test_the_entry_test_is_not_answered_here_until_its_draw_and_time_limit_exist(visit) -> None:
    """Its whole bank, untimed, with the answers shown after two attempts, would defeat the test."""
    visitor = visit("ines-belkacem")
    assert visitor.get("/quiz/test-de-positionnement/").status_code == 404


@pytest.mark.parametrize(
    ("pass_score", "given", "maximum", "passed"),
    [(None, 0, 10, False), (None, 9.5, 10, False), (None, 10, 10, True), (60, 6, 10, True), (60, 5.9, 10, False),
     (None, 0, 0, True)],
)  # fmt: skip
def test_a_blank_attempt_never_passes_a_graded_quiz(pass_score, given, maximum, passed) -> None:
    """Without a pass score, passing takes every point (a pass shows the answers); without points, submitting."""
    assert passes(SimpleNamespace(pass_score=pass_score), given, maximum) is passed
