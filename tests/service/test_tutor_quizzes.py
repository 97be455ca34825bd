"""The référent's part of quizzes: each attempt with its answers, and one more attempt granted; only in their course."""
from __future__ import annotations

import re

from sqlalchemy import select

from devplatform.seed import LILLE, ROUBAIX
from lms_service.models import AttemptAllowance, Membership, User
from lms_service.security.csrf import csrf_token

from ..lti_browser import LtiBrowser
from ..quiz_taking import SLUG, Quiz


def _member_id(db, sub: str) -> int:
    db.expire_all()
    return db.scalars(select(Membership.id).join(User).where(User.sub == sub)).one()


class Referent:
    """Nadia, référente of both nurseries, launched from one of them."""

    def __init__(self, platform, base: str, course: str = ROUBAIX) -> None:
        self.browser = LtiBrowser(platform)
        self.token = self.browser.launch("nadia-haddad", course).token
        self.base = base

    def get(self, path: str):
        return self.browser.http.get(f"{self.base}{path}?lt={self.token}")

    def grant_form(self, member_id: int) -> dict[str, str]:
        page = self.get(f"/tutor/learners/{member_id}").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return {"lt": self.token, "csrf_token": csrf, "extra": re.search(r'name="extra" value="(\d+)"', page).group(1)}

    def grant(self, member_id: int, form: dict[str, str] | None = None):
        return self.browser.http.post(
            f"{self.base}/tutor/learners/{member_id}/quiz/{SLUG}/accorder?lt={self.token}",
            data=form or self.grant_form(member_id),
            allow_redirects=False,
        )


def test_the_referent_sees_each_attempt_with_its_answers(visit, platform, tool_server, db) -> None:
    Quiz(visit, "kevin-dufour").send([])
    nadia = Referent(platform, tool_server.url)
    kevin = _member_id(db, "kevin-dufour")

    learner_page = nadia.get(f"/tutor/learners/{kevin}").text
    assert f'href="/tutor/learners/{kevin}/quiz/{SLUG}/essais/1?lt={nadia.token}"' in learner_page
    assert "Essais utilisés : 1 sur 3." in learner_page
    attempt = nadia.get(f"/tutor/learners/{kevin}/quiz/{SLUG}/essais/1")
    assert attempt.status_code == 200
    assert "Sans réponse" in attempt.text and "La bonne réponse" in attempt.text  # the référent sees them


def test_a_referent_grants_one_more_attempt_when_all_are_used(visit, platform, tool_server, db) -> None:
    quiz = Quiz(visit, "kevin-dufour")
    for _ in range(3):
        quiz.send([])
    assert "Vous avez utilisé tous vos essais" in quiz.page()
    nadia = Referent(platform, tool_server.url)
    kevin = _member_id(db, "kevin-dufour")

    granted = nadia.grant(kevin)
    assert granted.status_code == 303
    assert "Un essai de plus est accordé" in nadia.browser.http.get(tool_server.url + granted.headers["Location"]).text
    assert quiz.send([]).headers["Location"].split("?")[0].endswith("/essais/4")
    allowance = db.scalars(select(AttemptAllowance)).one()
    assert (allowance.extra_attempts, allowance.granted_by_id) == (1, _member_id(db, "nadia-haddad"))


def test_only_a_referent_of_the_course_sees_or_grants(app, visit, platform, tool_server, db) -> None:
    kevin_quiz = Quiz(visit, "kevin-dufour")
    kevin_quiz.send([])
    kevin = _member_id(db, "kevin-dufour")
    from_lille = Referent(platform, tool_server.url, LILLE)  # the same person, launched from the other course
    with app.test_request_context():
        lille_csrf = csrf_token(from_lille.token)  # a valid form: only the course can refuse it

    assert from_lille.get(f"/tutor/learners/{kevin}/quiz/{SLUG}/essais/1").status_code == 404
    assert from_lille.grant(kevin, {"lt": from_lille.token, "csrf_token": lille_csrf, "extra": "0"}).status_code == 404
    learner_grant = kevin_quiz.http.post(
        f"{kevin_quiz.base}/tutor/learners/{kevin}/quiz/{SLUG}/accorder?lt={kevin_quiz.visitor.token}",
        data={"lt": kevin_quiz.visitor.token, "csrf_token": kevin_quiz.csrf},
        allow_redirects=False,
    )
    assert learner_grant.status_code == 403
    assert db.scalars(select(AttemptAllowance)).all() == []


def test_a_double_click_on_grant_grants_one_attempt(visit, platform, tool_server, db) -> None:
    Quiz(visit, "kevin-dufour").send([])
    nadia = Referent(platform, tool_server.url)
    kevin = _member_id(db, "kevin-dufour")
    form = nadia.grant_form(kevin)
    assert [nadia.grant(kevin, form).status_code for _ in range(2)] == [303, 303]
    db.expire_all()
    assert db.scalars(select(AttemptAllowance.extra_attempts)).all() == [1]


def test_a_mentor_follows_but_neither_sees_expected_answers_nor_grants(app, visit, platform, tool_server, db) -> None:
    """Olivier, a France Travail adviser, mentors Kévin: he sees his progress, not his quiz answers."""
    Quiz(visit, "kevin-dufour").send([])
    kevin = _member_id(db, "kevin-dufour")
    olivier = LtiBrowser(platform)
    token = olivier.launch("olivier-martin", ROUBAIX).token
    with app.test_request_context():
        form = {"lt": token, "csrf_token": csrf_token(token), "extra": "0"}

    learner_page = olivier.http.get(f"{tool_server.url}/tutor/learners/{kevin}?lt={token}")
    assert learner_page.status_code == 200 and 'id="quiz-' not in learner_page.text
    assert olivier.http.get(f"{tool_server.url}/tutor/learners/{kevin}/quiz/{SLUG}/essais/1?lt={token}").status_code == 403
    granted = olivier.http.post(f"{tool_server.url}/tutor/learners/{kevin}/quiz/{SLUG}/accorder?lt={token}", data=form)
    assert granted.status_code == 403
    assert db.scalars(select(AttemptAllowance)).all() == []
