"""The entry test, taken for real: drawn per attempt, a few questions per screen, timed by the server,
resumed after a reload or a relaunch, scored per section, one attempt unless a référent grants more."""
from __future__ import annotations

import random
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from markupsafe import escape
from sqlalchemy import func, select, update

from devplatform.seed import ROUBAIX
from lms_service.assessments.draw import draw, to_json
from lms_service.assessments.entry_test import QUESTIONS_PER_SCREEN, drawn_of, screens
from lms_service.content import Module, get_catalogue
from lms_service.db import as_utc, utcnow
from lms_service.models import Answer, Attempt, GradeOutbox, ModuleProgress
from lms_service.security.csrf import csrf_token

from ..entry_test_taking import SLUG, EntryTest
from ..lti_browser import LtiBrowser


@pytest.fixture
def module(app) -> Module:
    with app.app_context():
        found = get_catalogue().get(SLUG)
    assert found is not None and found.max_attempts == 1 and found.time_limit_minutes == 45
    return found


class Referent:
    """Nadia, the course's référente, on one learner's page: the forms about the entry test."""

    def __init__(self, visit, membership_id: int) -> None:
        self.visitor = visit("nadia-haddad")
        self.page = self.visitor.get(f"/tutor/learners/{membership_id}").text
        self.csrf = self.page.split('name="csrf_token" value="')[1].split('"')[0]
        self.url = f"{self.visitor.base}/tutor/learners/{membership_id}/quiz/{SLUG}"

    def post(self, action: str, **fields: str):
        form = {"lt": self.visitor.token, "csrf_token": self.csrf, **fields}
        return self.visitor.browser.http.post(f"{self.url}/{action}", data=form, allow_redirects=False)


def _shows_answered(html: str, questions: list) -> bool:
    """Each question's field shows an answer: an option ticked, a place chosen, or a value typed."""
    for question in questions:
        field = re.escape(question.field_name)
        if question.type_name in ("single", "multiple"):
            pattern = rf'name="{field}" value="[^"]+" checked'
        elif question.type_name == "ordering":
            pattern = rf'name="{field}-[^"]*">(?:(?!</select>).)*selected'
        else:  # typed: a number, a word
            pattern = rf'name="{field}"[^>]*type="text"[^>]*value="[^"]+"'
        if not re.search(pattern, html, re.S):
            return False
    return True


def _attempt(db) -> Attempt:
    db.expire_all()
    return db.scalars(select(Attempt).order_by(Attempt.number.desc())).first()


def test_the_first_page_says_one_attempt_and_the_time_then_a_draw_per_section_is_kept(visit, module, db) -> None:
    test = EntryTest(visit, module)
    first = test.get("/").text
    assert "une seule fois" in first and "45 minutes" in first and "24 questions" in first
    started = test.start()
    assert started.status_code == 303

    attempt = _attempt(db)
    by_section = [sum(1 for q in attempt.question_ids if module.questions[q].section == s.id) for s in module.sections]
    assert by_section == [8, 8, 8] and len(set(attempt.question_ids)) == 24
    assert attempt.drawn and [part["section"] for part in attempt.drawn] == ["lecture", "calcul", "numerique"]
    limit = as_utc(attempt.deadline_at) - as_utc(attempt.started_at)
    assert limit == timedelta(minutes=45)

    page, _, _, asked = test.screen(1)
    first = screens(module, drawn_of(module, attempt))[0]
    assert asked == list(first.question_ids) == attempt.question_ids[: len(asked)]
    # Three questions at most on a screen, but a passage keeps all its questions with it.
    assert len(asked) <= QUESTIONS_PER_SCREEN or (len(first.items) == 1 and first.items[0].passage)
    assert "Il reste 4" in page.text  # 44 or 45 minutes, said in words
    assert "Écran 1 sur" in page.text


def test_answers_are_saved_screen_by_screen_and_a_relaunch_resumes_the_attempt(visit, module, db) -> None:
    test = EntryTest(visit, module)
    test.start()
    _, _, _, first = test.screen(1)
    assert test.send(1, test.right(first)).headers["Location"].split("?")[0].endswith("/ecran/2")

    again = EntryTest(visit, module)  # launched again from the LMS: a new launch, the same person
    resumed = again.get("/", allow_redirects=False)
    assert resumed.status_code == 302 and "/ecran/2" in resumed.headers["Location"]
    page, _, _, shown = again.screen(1)
    assert shown == first and _shows_answered(page.text, [module.questions[q] for q in first])  # they come back
    later, _, _, unanswered = again.screen(2)
    assert not _shows_answered(later.text, [module.questions[q] for q in unanswered])  # and only those
    assert db.scalar(select(func.count()).select_from(Answer)) == len(first)
    assert db.scalar(select(func.count()).select_from(Attempt)) == 1


def test_handing_in_scores_each_section_completes_the_test_and_waits_for_the_gradebook(visit, module, db) -> None:
    test = EntryTest(visit, module)
    result = test.take()
    page = test.http.get(test.base + result).text
    for section in module.sections:
        assert section.title in page
    assert page.count("Repère atteint (50 %)") == 3 and "À travailler" not in page
    assert "photo de ce qui est déjà solide" in page

    attempt = _attempt(db)
    assert attempt.submitted_at is not None and attempt.score_given == attempt.score_maximum
    progress = db.scalars(select(ModuleProgress).where(ModuleProgress.module_slug == SLUG)).one()
    assert progress.status == "completed"  # submitted, whatever pages were read
    outbox = db.scalars(select(GradeOutbox).where(GradeOutbox.module_slug == module.slug)).one()
    assert (outbox.module_slug, outbox.activity_progress) == (SLUG, "Completed")


def test_a_section_below_its_threshold_gets_a_kind_next_step(visit, module, db) -> None:
    test = EntryTest(visit, module)
    numerique = {q.id for q in module.questions.values() if q.section == "numerique"}
    result = test.take(lambda asked: test.right([q for q in asked if q not in numerique]))
    page = test.http.get(test.base + result).text
    assert page.count("Repère atteint (50 %)") == 2 and "À travailler (repère : 50 %)" in page
    assert "n'est pas un échec" in page and "votre référent peut vous ouvrir un nouvel essai" in page
    assert "Le support informatique" in page or "support-informatique" in page  # a module that prepares


def test_one_attempt_only_until_a_referent_grants_another_with_extra_time(visit, module, db) -> None:
    test = EntryTest(visit, module)
    test.take()
    first_draw = _attempt(db).question_ids
    assert "Vous avez utilisé tous vos essais" in test.get("/").text
    assert test.start().status_code == 409

    referent = Referent(visit, _attempt(db).membership_id)
    assert referent.post("accorder", extra="0").status_code == 303
    assert referent.post("temps", minutes="30").status_code == 303
    assert referent.post("temps", minutes="7").status_code == 400

    assert "75 minutes" in test.get("/").text
    assert test.start().status_code == 303
    second = _attempt(db)
    assert second.number == 2 and as_utc(second.deadline_at) - as_utc(second.started_at) == timedelta(minutes=75)
    assert second.question_ids != first_draw  # drawn again


def test_extra_time_granted_during_an_attempt_moves_its_deadline(visit, module, db) -> None:
    test = EntryTest(visit, module)
    test.start()
    before = as_utc(_attempt(db).deadline_at)
    referent = Referent(visit, _attempt(db).membership_id)
    assert referent.post("temps", minutes="45").status_code == 303
    assert referent.post("temps", minutes="45").status_code == 303  # sent twice: granted once
    assert as_utc(_attempt(db).deadline_at) - before == timedelta(minutes=45)


def test_answers_sent_after_the_deadline_are_not_taken_and_the_attempt_ends_at_its_deadline(visit, module, db) -> None:
    test = EntryTest(visit, module)
    test.start()
    _, attempt_number, revision, first = test.screen(1)
    assert test.send(1, test.right(first)).status_code == 303
    _, _, revision, second = test.screen(2)
    deadline = utcnow() - timedelta(minutes=1)
    db.execute(update(Attempt).values(deadline_at=deadline))
    db.commit()

    late = test.send(2, test.right(second), attempt=attempt_number, revision=revision)
    assert late.status_code == 409 and "Le temps est écoulé" in late.text
    assert db.scalar(select(func.count()).select_from(Answer)) == len(first)  # nothing taken from the late form

    closed = test.get("/", allow_redirects=False)
    assert "/resultat/1" in closed.headers["Location"] and "temps=ecoule" in closed.headers["Location"]
    attempt = _attempt(db)
    assert as_utc(attempt.submitted_at) == as_utc(attempt.deadline_at)  # closed at its deadline, not when seen
    assert attempt.score_given == sum(module.questions[q].points_possible for q in first)
    assert "Le temps était écoulé" in test.http.get(test.base + closed.headers["Location"]).text


def test_a_form_within_the_grace_after_the_deadline_is_taken(visit, module, db) -> None:
    test = EntryTest(visit, module)
    test.start()
    _, attempt_number, revision, first = test.screen(1)
    db.execute(update(Attempt).values(deadline_at=utcnow() - timedelta(seconds=5)))
    db.commit()
    assert test.send(1, test.right(first), attempt=attempt_number, revision=revision).status_code == 303
    assert db.scalar(select(func.count()).select_from(Answer)) == len(first)


def _first_screen_with_choices(test: EntryTest, module: Module) -> tuple[int, list]:
    """The first screen of the draw that asks a question with options, and those questions."""
    number = 1
    while True:
        _, _, _, asked = test.screen(number)
        choosing = [module.questions[q] for q in asked if module.questions[q].type_name in ("single", "multiple")]
        if choosing:
            return number, choosing
        number += 1


def test_tampered_and_replayed_forms_change_nothing(visit, module, db) -> None:
    test = EntryTest(visit, module)
    test.start()
    _, attempt_number, revision, first = test.screen(1)
    not_drawn = next(q for q in module.questions if q not in _attempt(db).question_ids)
    elsewhere = _attempt(db).question_ids[-1]  # drawn, but on another screen

    for smuggled in (not_drawn, elsewhere):
        sent = test.send(1, [*test.right(first), *test.right([smuggled])], attempt=attempt_number, revision=revision)
        assert sent.status_code == 400 and "pas dans ce quiz" in sent.text
    assert test.send(1, test.right(first), attempt=attempt_number + 1, revision=revision).status_code == 409
    assert test.post("/ecran/1", [("revision", "0"), ("suivant", "1")]).status_code == 400  # no attempt named
    assert test.send(1, test.right(first), attempt=attempt_number, revision=revision + 3).status_code == 409
    assert test.get("/ecran/99").status_code == 404
    assert test.get("/resultat/1").status_code == 404  # not handed in
    assert test.http.get(f"{test.base}/quiz/{SLUG}/?lt={test.visitor.token}").status_code == 404
    number, choosing = _first_screen_with_choices(test, module)
    forged = [(question.field_name, "zzz") for question in choosing]  # no such option
    unreadable = test.send(number, forged, attempt=attempt_number, revision=revision)
    assert unreadable.status_code == 422 and "Rien n'a été enregistré" in unreadable.text
    assert db.scalar(select(func.count()).select_from(Answer)) == 0 and _attempt(db).revision == 0


def test_a_changed_test_under_an_attempt_is_said_not_shown_wrong(visit, module, db) -> None:
    test = EntryTest(visit, module)
    test.start()
    db.execute(update(Attempt).values(drawn=[{"section": "lecture", "items": [{"question": "n-existe-pas"}]}]))
    db.commit()
    refused = test.get("/ecran/1")
    assert refused.status_code == 409 and "Le test a changé" in refused.text


def test_a_passage_is_shown_once_above_its_questions_on_one_screen(visit, module, db) -> None:
    """When the draw takes a passage, its questions share a screen under it (the draw is set here
    from a seed whose reading part draws a passage)."""
    assert module.passages
    test = EntryTest(visit, module)
    test.start()
    draws = (draw(module, random.Random(seed)) for seed in range(200))
    drawn = next(d for d in draws if any(item.passage for item in d[0].items))
    ids = [q for part in drawn for q in part.question_ids]
    db.execute(update(Attempt).values(drawn=to_json(drawn), question_ids=ids))
    db.commit()
    passage = next(item for item in drawn[0].items if item.passage)
    number = 1
    while True:
        page, _, _, asked = test.screen(number)
        if passage.question_ids[0] in asked:
            break
        number += 1
    assert all(q in asked for q in passage.question_ids)
    text = module.passages[passage.passage].html
    assert page.text.count(text[:60]) == 1


def test_a_double_click_on_start_opens_one_attempt(visit, module, db) -> None:
    test = EntryTest(visit, module)
    barrier = Barrier(4)

    def click(_: int) -> int:
        barrier.wait()
        return test.start().status_code

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(click, range(4))) == [303] * 4
    assert db.scalar(select(func.count()).select_from(Attempt)) == 1


def test_no_screen_holds_an_expected_answer_or_a_feedback(visit, module, db) -> None:
    test = EntryTest(visit, module)
    test.start()
    attempt = _attempt(db)
    number, seen = 1, []
    while True:
        page, _, _, asked = test.screen(number)
        seen += asked
        for qid in asked:
            question = module.questions[qid]
            if question.feedback:
                assert str(escape(question.feedback)) not in page.text, qid
        if 'name="terminer"' in page.text:
            break
        number += 1
    assert seen == attempt.question_ids


def test_the_referent_sees_the_attempt_with_its_sections_and_every_answer(visit, module, db) -> None:
    test = EntryTest(visit, module, "kevin-dufour")
    test.take(lambda asked: test.right(asked[1:]))  # the first question of each screen left blank
    referent = Referent(visit, _attempt(db).membership_id)
    assert "Test de positionnement" in referent.page and "Essai 1" in referent.page
    assert "Temps en plus à chaque essai" in referent.page
    shown = referent.visitor.get(f"/tutor/learners/{_attempt(db).membership_id}/quiz/{SLUG}/essais/1").text
    assert "Score par partie" in shown and shown.count("<th scope=\"row\">") == 3
    assert "La bonne réponse" in shown


def test_a_mentor_or_the_learner_cannot_grant_time_and_another_course_cannot_see_the_learner(
    app, visit, platform, module, db
) -> None:
    test = EntryTest(visit, module, "kevin-dufour")
    test.start()
    kevin = _attempt(db).membership_id
    for person in ("olivier-martin", "kevin-dufour"):  # a mentor, the learner himself
        someone = LtiBrowser(platform)
        token = someone.launch(person, ROUBAIX).token
        with app.test_request_context():
            form = {"lt": token, "csrf_token": csrf_token(token), "minutes": "90"}
        sent = someone.http.post(f"{test.base}/tutor/learners/{kevin}/quiz/{SLUG}/temps?lt={token}", data=form)
        assert sent.status_code == 403, person
    db.expire_all()
    assert as_utc(_attempt(db).deadline_at) - as_utc(_attempt(db).started_at) == timedelta(minutes=45)
