"""Issue 14, point 7, right of access: what the person's file holds and how it reads. A satisfaction survey's
answers, which no référent reads person by person (assessments/survey_totals.py), are not in the file the
référent downloads, and the file says how to ask for them; a quiz's answers are. Times are Paris time with their
offset, as the person reads them."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select, update

from lms_service.content import get_catalogue
from lms_service.models import Answer, Attempt, Membership, User

from ..quiz_taking import SLUG, pass_quiz

SURVEY = "questionnaire-satisfaction"
SURVEY_FIELDS = [("q-sat-duree", "longue"), ("q-sat-appareil", "telephone"), ("q-sat-modules-utiles", "web")]


def _answer_survey(visitor) -> None:
    """The learner answers the survey through its form and submits it, as on their phone."""
    http, url = visitor.browser.http, f"{visitor.base}/quiz/{SURVEY}/?lt={visitor.token}"
    page = http.get(url, timeout=10)
    assert page.status_code == 200
    form = {name: re.search(rf'name="{name}" value="([^"]+)"', page.text).group(1)
            for name in ("csrf_token", "attempt", "revision")}  # fmt: skip
    sent = http.post(url, data=[("lt", visitor.token), *form.items(), *SURVEY_FIELDS, ("valider", "1")],
                     allow_redirects=False, timeout=10)  # fmt: skip
    assert sent.status_code == 303, sent.text[:300]


def _membership(db, sub: str) -> int:
    return db.scalars(select(Membership.id).join(User).where(User.sub == sub)).one()


def _export(visitor, member_id: int) -> dict:
    answer = visitor.get(f"/tutor/learners/{member_id}/donnees.json")
    assert answer.status_code == 200, answer.text[:300]
    return answer.json()


def test_a_survey_s_answers_stay_out_of_the_file_and_a_quiz_s_are_in(visit, db) -> None:
    ines = visit("ines-belkacem")
    _answer_survey(ines)
    pass_quiz(ines.browser.http, ines.base, ines.token, get_catalogue().get(SLUG))
    member = _membership(db, "ines-belkacem")
    stored = db.execute(select(Attempt.module_slug, Answer.question_id).join(Answer, Answer.attempt_id == Attempt.id)
                        .where(Attempt.membership_id == member)).all()  # fmt: skip
    assert {slug for slug, _ in stored} == {SURVEY, SLUG}  # both recorded: the file leaves one out, not the tool

    document = _export(visit("nadia-haddad"), member)  # her référente, who downloads the file
    assert [row["module_slug"] for row in document["attempt"]] == [SLUG]
    quiz_attempt = document["attempt"][0]["id"]
    assert document["answer"] and {row["attempt_id"] for row in document["answer"]} == {quiz_attempt}
    assert not any(row["question_id"].startswith("sat-") for row in document["answer"])
    note = document["a_propos"]["questionnaires"]
    assert "« Votre avis sur la nurserie »" in note and "exploitant" in note
    assert [row["module_slug"] for row in document["module_progress"] if row["module_slug"] == SURVEY] == [SURVEY]


def test_times_are_paris_time_with_their_offset(visit, make, db) -> None:
    claire = visit("claire-vasseur")
    ines = visit("ines-belkacem")
    pass_quiz(ines.browser.http, ines.base, ines.token, get_catalogue().get(SLUG))
    member = _membership(db, "ines-belkacem")
    db.execute(update(Attempt).where(Attempt.membership_id == member).values(
        started_at=datetime(2026, 7, 1, 9, 30, tzinfo=UTC), submitted_at=datetime(2026, 11, 30, 11, 0, tzinfo=UTC)))
    db.commit()  # fmt: skip

    document = _export(claire, member)
    (attempt,) = document["attempt"]
    assert attempt["submitted_at"] == "2026-11-30T12:00:00+01:00"  # winter: UTC+1
    assert attempt["started_at"] == "2026-07-01T11:30:00+02:00"  # summer: UTC+2
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+0[12]:00", document["a_propos"]["genere_le"])
    assert "Heures de Paris" in document["a_propos"]["heures"]
