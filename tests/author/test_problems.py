"""Broken modules show their problems to trainers, with file and line, and never a 500."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
from flask import Flask

from lms_service.content import Problem, Reloader, load_catalogue

from .conftest import AUTHOR, LEARNER

BROKEN = Path(__file__).parents[1] / "content" / "broken"
BROKEN_MODULE = """\
---
slug: casse
title: Un module cassé
kind: initiation
---

## Une page

```quiz
id: q1
type: single
prompt: Laquelle ?
choices:
  - {id: a, text: Celle-ci}
  - {id: b, text: Celle-là}
answer: z
```
"""


def shows(page: str, problem: Problem) -> bool:
    """The problem as `flask modules check` prints it, `file:line: message`, markup aside."""
    return f"<code>{problem.path}:{problem.line}</code>: {problem.message}" in html.unescape(page)


def test_a_broken_module_is_listed_with_file_line_and_message(modules_dir: Path, visit) -> None:
    (modules_dir / "casse").mkdir()
    (modules_dir / "casse" / "module.md").write_text(BROKEN_MODULE, encoding="utf-8")
    page = visit(AUTHOR).get("/author/")
    assert page.status_code == 200
    message = "réponse « z » absente de la liste (ids possibles : a, b)"
    assert shows(page.text, Problem("modules/casse/module.md", 16, message))
    assert "Les apprenants ne voient pas ce module" in html.unescape(page.text)


def test_a_broken_module_preview_shows_its_problems(modules_dir: Path, visit) -> None:
    (modules_dir / "casse").mkdir()
    (modules_dir / "casse" / "module.md").write_text(BROKEN_MODULE, encoding="utf-8")
    author = visit(AUTHOR)
    for path in ("/author/modules/casse/", "/author/modules/casse/une-page"):
        page = author.get(path)
        assert page.status_code == 200
        assert "modules/casse/module.md:16" in page.text


def test_a_broken_module_never_reaches_learners(modules_dir: Path, visit) -> None:
    (modules_dir / "casse").mkdir()
    (modules_dir / "casse" / "module.md").write_text(BROKEN_MODULE, encoding="utf-8")
    learner = visit(LEARNER)
    assert "Un module cassé" not in learner.get("/").text
    assert learner.get("/modules/casse/une-page").status_code == 404


def test_every_broken_example_is_shown_without_a_500(
    app: Flask, visit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each folder of tests/content/broken, served in turn: every problem on the page, every folder opens."""
    author = visit(AUTHOR)
    for case in sorted(BROKEN.iterdir()):
        reloader = Reloader(case / "modules", tmp_path / "cache", app.logger)
        monkeypatch.setitem(app.extensions, "content", reloader.catalogue)
        monkeypatch.setitem(app.config, "CONTENT_AUTO_RELOAD", False)
        _, problems = load_catalogue(case / "modules")
        page = author.get("/author/")
        assert page.status_code == 200, case.name
        assert problems and all(shows(page.text, problem) for problem in problems), case.name
        for folder in reloader.catalogue.broken:
            assert author.get(f"/author/modules/{folder}/").status_code == 200, (case.name, folder)


def test_path_file_problems_are_shown_apart(modules_dir: Path, visit) -> None:
    parcours = modules_dir / "parcours.yml"
    parcours.write_text(parcours.read_text("utf-8") + "      - absent\n", encoding="utf-8")
    page = visit(AUTHOR).get("/author/")
    assert "Le parcours" in page.text
    assert "modules/parcours.yml:" in page.text and "absent" in page.text
