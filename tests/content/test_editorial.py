"""What the programme asks of each kind of module: `flask modules check --strict`.

The rules live in lms_service/content/editorial.py; here they are shown
catching thin or misnamed modules, and the programme's own modules passing them.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from lms_service.content import load_catalogue
from lms_service.content.editorial import editorial_problems

PROGRAMME = Path(__file__).resolve().parents[2] / "modules"


def test_the_programme_passes_the_strict_check(make_app) -> None:
    result = make_app(PROGRAMME).test_cli_runner().invoke(args=["modules", "check", "--strict"])
    assert result.exit_code == 0, result.stderr
    kinds = [module.kind for module in load_catalogue(PROGRAMME)[0].ordered()]
    assert [kinds.count(kind) for kind in ("initiation", "soft-skills", "entry-test", "survey", "reference")] == [9, 7, 1, 1, 2]


def test_a_new_draft_is_named_for_its_example_texts_and_by_the_strict_check_for_its_size(runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["modules", "new", "brouillon"]).exit_code == 0
    plain = runner.invoke(args=["modules", "check"])
    assert plain.exit_code == 1 and all("texte d'exemple à remplacer" in line for line in plain.stderr.splitlines())
    strict = runner.invoke(args=["modules", "check", "--strict"])
    assert strict.exit_code == 1
    for expected in (
        "modules/brouillon/module.md:1: 3 page(s) : un module « initiation » en compte au moins 6",
        "mots de texte : un module « initiation » en compte au moins 1400",
        "modules/brouillon/module.md:1: 1 question(s) notée(s) : au moins 10 pour un module « initiation »",
        "modules/brouillon/module.md:1: une question d'attrait, et une seule",
        "modules/brouillon/module.md:1: 0 image(s) : un module « initiation » en montre au moins 2",
    ):
        assert expected in strict.stderr


def _problems(modules_dir: Path, slug: str, text: str) -> list[str]:
    (modules_dir / slug).mkdir(exist_ok=True)
    (modules_dir / slug / "module.md").write_text(text, encoding="utf-8")
    catalogue, problems = load_catalogue(modules_dir)
    assert problems == []
    return [str(problem) for problem in editorial_problems(catalogue.get(slug))]


SURVEY = """---
slug: avis
title: Votre avis
kind: survey
sources:
  - title: Guide du formateur
    url: https://example.org/guide
---

## Votre avis

Merci de répondre.

```quiz
id: utile
type: single
prompt: Le module vous a-t-il servi ?
choices:
  - id: oui
    text: Oui
  - id: non
    text: Non
answer: oui
```
"""


@pytest.mark.parametrize(
    "text, line, expected",
    [
        (SURVEY, 1, "1 question(s) notée(s) : un module « survey » n'en note aucune"),
        (SURVEY.replace("kind: survey\n", "").replace("---\n\n", "kind: survey\n---\n\n", 1), 4,
         "les sources (sources:) ferment l'en-tête"),
        (SURVEY.replace("Merci de répondre.", "Merci de répondre.\n\nPôle emploi vous aide."), 14,
         "« Pôle emploi » s'appelle « France Travail » depuis 2024"),
    ],
    ids=["a survey that grades", "sources not last", "the agency's former name alone"],
)  # fmt: skip
def test_a_rule_broken_is_named_with_its_line(modules_dir: Path, text: str, line: int, expected: str) -> None:
    found = _problems(modules_dir, "avis", text)
    assert any(problem.startswith(f"modules/avis/module.md:{line}: {expected}") for problem in found), found


QUIZ = SURVEY.replace("kind: survey", "kind: soft-skills").replace(
    """choices:
  - id: oui
    text: Oui
  - id: non
    text: Non
answer: oui""",
    """choices:
  - id: oui
    text: Oui
  - id: non
    text: Non
    feedback: "Non."
answer: oui""",
)


def test_a_wrong_option_must_say_why_it_is_wrong(modules_dir: Path) -> None:
    """« Non. » says that an option is wrong, not why: a quiz that teaches explains."""
    bare = _problems(modules_dir, "avis", QUIZ)
    assert any("question « utile », réponse « non » : « Non. » dit que c'est faux, pas pourquoi" in p for p in bare), bare
    explained = QUIZ.replace('feedback: "Non."', 'feedback: "Il vous a servi : vous avez appris un geste du métier."')
    assert not any("dit que c'est faux" in p for p in _problems(modules_dir, "avis", explained))
    silent = QUIZ.replace('    feedback: "Non."\n', "")
    assert any("expliquez pourquoi elle est fausse" in p for p in _problems(modules_dir, "avis", silent))
