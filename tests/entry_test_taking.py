"""Taking the entry test through HTTP as a launched learner: start it, answer screen by screen, hand it in."""
from __future__ import annotations

import re

from lms_service.content import Module

from .quiz_taking import right_fields

SLUG = "test-de-positionnement"


class EntryTest:
    """One launched learner taking the entry test."""

    def __init__(self, visit, module: Module, person: str = "ines-belkacem") -> None:
        self.visitor, self.module = visit(person), module
        self.http, self.base = self.visitor.browser.http, self.visitor.base
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', self.get("/").text).group(1)

    def get(self, path: str, **kwargs):
        url = f"{self.base}/test/{SLUG}{path}"
        return self.http.get(f"{url}{'&' if '?' in url else '?'}lt={self.visitor.token}", **kwargs)

    def post(self, path: str, form: list[tuple[str, str]]):
        data = [("lt", self.visitor.token), ("csrf_token", self.csrf), *form]
        return self.http.post(f"{self.base}/test/{SLUG}{path}?lt={self.visitor.token}", data=data, allow_redirects=False)

    def start(self):
        return self.post("/", [])

    def screen(self, number: int):
        """A screen's page, its form's attempt and revision, and the questions it asks (their ids, in order)."""
        page = self.get(f"/ecran/{number}")
        return page, *self.form_of(page.text)

    @staticmethod
    def form_of(html: str) -> tuple[int, int, list[str]]:
        attempt = int(re.search(r'name="attempt" value="(\d+)"', html).group(1))
        revision = int(re.search(r'name="revision" value="(\d+)"', html).group(1))
        asked = re.findall(r'<fieldset class="question answering[^"]*" id="q-([^"]+)"', html)
        return attempt, revision, asked

    def send(self, number: int, fields: list[tuple[str, str]], action: str = "suivant", *, attempt=None, revision=None):
        """Send screen `number` as its page shows it (its attempt and revision), or as told."""
        if attempt is None or revision is None:
            _, shown_attempt, shown_revision, _ = self.screen(number)
            attempt = shown_attempt if attempt is None else attempt
            revision = shown_revision if revision is None else revision
        form = [("attempt", str(attempt)), ("revision", str(revision)), *fields, (action, "1")]
        return self.post(f"/ecran/{number}", form)

    def right(self, question_ids: list[str]) -> list[tuple[str, str]]:
        return right_fields(self.module.questions[qid] for qid in question_ids)

    def take(self, answer=None) -> str:
        """Start and answer every screen (`answer(question_ids)` gives the fields; right answers by default),
        hand the test in; the result's URL."""
        answer = answer or self.right
        assert self.start().status_code == 303
        number = 1
        while True:
            page, _, _, asked = self.screen(number)
            last = 'name="terminer"' in page.text
            sent = self.send(number, answer(asked), "terminer" if last else "suivant")
            assert sent.status_code == 303, sent.text[:500]
            if last:
                return sent.headers["Location"]
            number += 1
