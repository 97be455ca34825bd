"""No answer reaches the browser before submission: not in a page's HTML, not in a public view."""

import functools
import html
import json
import re
from pathlib import Path

import pytest

from lms_service.content import Catalogue, Module, Question, load_catalogue
from lms_service.content.pages import QuizBlock, split_pages
from lms_service.content.problems import Report
from lms_service.content.questions.choices import MultipleChoice, SingleChoice
from lms_service.content.questions.numeric import Numeric
from lms_service.content.questions.ordering import Ordering
from lms_service.content.questions.text import TextAnswer

REAL_MODULES = Path(__file__).parents[2] / "modules"
PUBLIC_KEYS = {"id", "type", "prompt", "points", "choices", "items", "scale", "unit"}
SECRET_MODULE = """\
---
slug: secret
title: Secret
kind: initiation
---

## Page {#page}

Texte de cours.

```quiz
id: q1
type: text
prompt: Le mot ?
answers: [REPONSE-TEXTE-SECRETE]
feedback: FEEDBACK-SECRET
```

```quiz
id: q2
type: numeric
prompt: Le nombre ?
answer: 987654
tolerance: 0.123456
```

```quiz
id: q3
type: single
prompt: Le choix ?
choices:
  - {id: a, text: Vrai, feedback: FEEDBACK-CHOIX-SECRET}
  - {id: b, text: Faux}
answer: a
```

```quiz
id: q4
type: ordering
prompt: L'ordre ?
items: [{id: un, text: Un}, {id: deux, text: Deux}, {id: trois, text: Trois}]
answer: [un, deux, trois]
```
"""


def secrets(question: Question) -> list[str]:
    """Strings that only the quiz block holds: feedback, accepted answers, numbers to find."""
    found = [question.feedback or ""]
    found += [choice.feedback or "" for choice in getattr(question, "choices", ())]
    if isinstance(question, TextAnswer):
        found += question.answers
    if isinstance(question, Numeric):
        found += [f"{question.answer:g}", f"{question.answer:g}".replace(".", ",")]
    return [secret for secret in found if secret]


def shown_texts(view: dict) -> list[str]:
    """The words a learner reads in a public view (ids, type and points are not text)."""
    texts = [view["prompt"], view.get("unit") or "", *view.get("scale", [])]
    for entry in [*view.get("choices", []), *view.get("items", [])]:
        texts += [entry["text"], entry["html"]]
    return texts


def visible_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def assert_hidden(module: Module, source: str) -> None:
    report = Report("module.md")
    lines = source.splitlines()
    body = lines.index("---", 1) + 1
    lesson = {
        page.id: "\n".join(part if isinstance(part, str) else part.text for part in page.parts
                            if not isinstance(part, QuizBlock))  # a passage is lesson text too
        for page in split_pages(lines[body:], body + 1, report)
    }
    for page in module.pages:
        assert len(page.question_ids) == len(set(page.question_ids))
        for question_id in page.question_ids:
            question = module.questions[question_id]
            view = question.public_view()
            assert set(view) <= PUBLIC_KEYS
            shown = visible_text(" ".join(shown_texts(view)))
            for secret in secrets(question):
                # A secret may also be lesson text or part of the prompt: that is the trainer's choice.
                legit = secret in lesson[page.id] or secret in question.prompt
                assert legit or secret not in visible_text(page.html), (module.slug, question_id, secret)
                assert legit or secret not in shown, (module.slug, question_id, secret)
            if isinstance(question, SingleChoice | MultipleChoice):
                assert all(set(choice) == {"id", "text", "html"} for choice in view["choices"])
            if isinstance(question, Ordering) and question.answer:
                assert [item["id"] for item in view["items"]] != list(question.answer)


def test_answers_of_a_module_never_reach_html_or_public_view(tmp_path: Path) -> None:
    (tmp_path / "modules" / "secret").mkdir(parents=True)
    (tmp_path / "modules" / "secret" / "module.md").write_text(SECRET_MODULE, encoding="utf-8")
    catalogue, problems = load_catalogue(tmp_path / "modules")
    assert problems == []
    module = catalogue.get("secret")
    assert_hidden(module, SECRET_MODULE)
    everything = "".join(page.html for page in module.pages) + json.dumps(
        [question.public_view() for question in module.questions.values()]
    )
    for secret in ("REPONSE-TEXTE-SECRETE", "FEEDBACK", "987654", "0.123456", "tolerance", "answer"):
        assert secret not in everything


def test_ordering_items_are_never_shown_in_answer_order(tmp_path: Path) -> None:
    (tmp_path / "modules" / "secret").mkdir(parents=True)
    (tmp_path / "modules" / "secret" / "module.md").write_text(SECRET_MODULE, encoding="utf-8")
    catalogue, _ = load_catalogue(tmp_path / "modules")
    view = catalogue.get("secret").questions["q4"].public_view()
    assert [item["id"] for item in view["items"]] != ["un", "deux", "trois"]
    assert view == catalogue.get("secret").questions["q4"].public_view(), "the shuffle is deterministic"


def _real_modules() -> list:
    paths = sorted(REAL_MODULES.glob("*/module.md"))
    if not paths:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no module written yet in {REAL_MODULES}"))]
    return [pytest.param(path, id=path.parent.name) for path in paths]


@functools.cache
def _real_catalogue() -> Catalogue:
    return load_catalogue(REAL_MODULES)[0]


@pytest.mark.parametrize("path", _real_modules())
def test_real_modules_leak_no_answer(path: Path) -> None:
    module = _real_catalogue().get(path.parent.name)
    if module is None:
        pytest.skip(f"{path.parent.name} has problems (see `flask modules check`), so it is not loaded")
    assert_hidden(module, path.read_text("utf-8"))
