"""An SVG in a module is accepted only as a plain drawing: no script, no event handler, nothing fetched."""

from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from lms_service.content.svg import svg_problems

DRAWING = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>'


def test_a_plain_drawing_is_accepted() -> None:
    assert svg_problems(DRAWING) == []


@pytest.mark.parametrize(
    ("svg", "said"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "onload"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>', "<foreignObject>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://pisteur.example/x.png"/></svg>', "pisteur.example"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css);</style></svg>', "feuille de style"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://x.example/p)"/></svg>', "un style"),
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
        (b"<svg", "illisible"),
    ],
)
def test_what_runs_or_fetches_is_refused(svg: bytes, said: str) -> None:
    problems = svg_problems(svg)
    assert problems and any(said in problem for problem in problems), problems


def test_the_check_names_the_line_of_an_unsafe_svg(runner: FlaskCliRunner, modules_dir: Path) -> None:
    module = modules_dir / "hors-parcours"
    (module / "images").mkdir(exist_ok=True)
    (module / "images" / "schema.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    path = module / "module.md"
    before = len(path.read_text("utf-8").splitlines())
    path.write_text(path.read_text("utf-8") + "\n![Un schéma du réseau](images/schema.svg)\n", encoding="utf-8")
    result = runner.invoke(args=["modules", "check"])
    assert result.exit_code == 1
    assert f"modules/hors-parcours/module.md:{before + 2}: SVG refusé : l'attribut « onload » lance un programme" in result.stderr
