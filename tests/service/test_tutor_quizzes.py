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

    def grant(self, member_id: int, csrf: str | None = None):
        if csrf is None:
            page = self.get(f"/tutor/learners/{member_id}").text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.browser.http.post(
            f"{self.base}/tutor/learners/{member_id}/quiz/{SLUG}/accorder?lt={self.token}",
            data={"lt": self.token, "csrf_token": csrf},
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
    assert from_lille.grant(kevin, csrf=lille_csrf).status_code == 404
    learner_grant = kevin_quiz.http.post(
        f"{kevin_quiz.base}/tutor/learners/{kevin}/quiz/{SLUG}/accorder?lt={kevin_quiz.visitor.token}",
        data={"lt": kevin_quiz.visitor.token, "csrf_token": kevin_quiz.csrf},
        allow_redirects=False,
    )
    assert learner_grant.status_code == 403
    assert db.scalars(select(AttemptAllowance)).all() == []
