"""Taking a module's quiz through HTTP as a launched learner, for the tests of quizzes and of référents."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lms_service.content import Module, Question
from lms_service.content.questions.numeric import french_number

SLUG = "developpement-web"


def right_answers(module: Module) -> list[tuple[str, str]]:
    """The form fields of every expected answer, as a learner who knows them would send them."""
    return right_fields(module.questions.values())


def right_fields(questions: Iterable[Question]) -> list[tuple[str, str]]:
    """The form fields of these questions' expected answers."""
    fields: list[tuple[str, str]] = []
    for q in questions:
        expected: Any = getattr(q, "answer", None)
        if q.type_name == "single" and expected:
            fields.append((q.field_name, expected))
        elif q.type_name == "multiple":
            fields += [(q.field_name, choice) for choice in expected]
        elif q.type_name == "numeric" and expected is not None:
            fields.append((q.field_name, french_number(expected)))
        elif q.type_name == "text" and q.answers:  # type: ignore[attr-defined]
            fields.append((q.field_name, q.answers[0]))  # type: ignore[attr-defined]
        elif q.type_name == "ordering" and expected:
            fields += [(q.item_field(item), str(place)) for place, item in enumerate(expected, 1)]  # type: ignore[attr-defined]
    return fields


def pass_quiz(http, base: str, token: str, module: Module) -> None:
    """Answer a module's quiz right and submit it, as a launched learner (`http`, their session)."""
    page = http.get(f"{base}/quiz/{module.slug}/?lt={token}")
    assert page.status_code == 200
    form = {name: re.search(rf'name="{name}" value="([^"]+)"', page.text).group(1)
            for name in ("csrf_token", "attempt", "revision")}  # fmt: skip
    sent = http.post(
        f"{base}/quiz/{module.slug}/?lt={token}",
        data=[("lt", token), *form.items(), *right_answers(module), ("valider", "1")],
        allow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    assert "/essais/" in sent.headers["Location"]


class Quiz:
    """One launched learner on the quiz page: reads its form, sends answers."""

    def __init__(self, visit, person: str = "ines-belkacem") -> None:
        self.visitor = visit(person)
        self.http, self.base = self.visitor.browser.http, self.visitor.base
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', self.page()).group(1)

    def page(self) -> str:
        response = self.visitor.get(f"/quiz/{SLUG}/")
        assert response.status_code == 200
        return response.text

    def send(self, fields: list[tuple[str, str]], *, submit: bool = True, attempt: int | None = None, revision: int = 0):
        """Send the quiz form as the page shows it (its attempt and revision), or as told."""
        if attempt is None:
            page = self.page()
            attempt = int(re.search(r'name="attempt" value="(\d+)"', page).group(1))
            revision = int(re.search(r'name="revision" value="(\d+)"', page).group(1))
        return self.post([("lt", self.visitor.token), ("csrf_token", self.csrf), ("attempt", str(attempt)),
                          ("revision", str(revision)), *fields, ("valider" if submit else "enregistrer", "1")])  # fmt: skip

    def post(self, form: list[tuple[str, str]]):
        return self.http.post(f"{self.base}/quiz/{SLUG}/?lt={self.visitor.token}", data=form, allow_redirects=False)

    def result(self, number: int):
        return self.visitor.get(f"/quiz/{SLUG}/essais/{number}")
