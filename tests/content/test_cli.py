"""`flask modules check`, `stats` and `new`, through the Flask CLI runner."""

from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from lms_service.content import KINDS, load_catalogue

BROKEN = Path(__file__).parent / "broken"


def test_check_passes_on_the_sample(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["modules", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 modules, 5 pages, 8 questions ; 0 problème\n"
    assert result.stderr == ""


def test_stats_gives_each_module_its_pages_words_questions_pictures_and_sources(runner: FlaskCliRunner, modules_dir: Path) -> None:
    path = modules_dir / "exemple" / "module.md"
    path.write_text(path.read_text("utf-8") + "\n![Le même schéma](images/schema.png)\n", "utf-8")
    result = runner.invoke(args=["modules", "stats"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["module", "type", "pages", "mots", "notées", "questions", "images", "sources"]
    by_slug = {row[0]: row[1:] for row in rows[1:]}
    assert by_slug["hors-parcours"] == ["survey", "1", by_slug["hors-parcours"][2], "0", "0", "0", "0"]
    kind, pages, words, graded, questions, images, sources = by_slug["exemple"]
    assert (kind, pages, images, sources) == ("initiation", "4", "2", "1") and int(words) > 50
    assert 0 < int(graded) < int(questions)


def test_stats_says_when_a_module_could_not_be_read(runner: FlaskCliRunner, modules_dir: Path) -> None:
    (modules_dir / "hors-parcours" / "module.md").write_text("pas d'en-tête\n", "utf-8")
    result = runner.invoke(args=["modules", "stats"])
    assert result.exit_code == 1
    assert "hors-parcours" not in result.stdout
    assert result.stderr.endswith(" problèmes : flask modules check les détaille\n")


def test_check_prints_problems_on_stderr_and_exits_1(make_app) -> None:
    runner = make_app(BROKEN / "missing-module-md" / "modules").test_cli_runner()
    result = runner.invoke(args=["modules", "check"])
    assert result.exit_code == 1
    assert result.stderr == "modules/vide/module.md:1: fichier introuvable : chaque dossier de modules/ contient un module.md\n"
    assert result.stdout == "1 module, 1 page, 0 question ; 1 problème\n"


def test_check_reads_the_files_again(runner: FlaskCliRunner, modules_dir: Path) -> None:
    """A trainer fixes or breaks a file and checks again, without restarting anything."""
    path = modules_dir / "hors-parcours" / "module.md"
    path.write_text(path.read_text("utf-8").replace("kind: survey", "kind: sondage"), encoding="utf-8")
    result = runner.invoke(args=["modules", "check"])
    assert result.exit_code == 1
    assert "modules/hors-parcours/module.md:4: kind « sondage » inconnu" in result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_a_skeleton_that_loads_and_whose_example_texts_the_check_names(runner: FlaskCliRunner, modules_dir: Path, kind: str) -> None:
    result = runner.invoke(args=["modules", "new", "nouveau-module", "--kind", kind])
    assert result.exit_code == 0, result.output
    assert "modules/parcours.yml" in result.stdout
    catalogue, problems = load_catalogue(modules_dir)
    assert [str(problem) for problem in problems] == []
    module = catalogue.get("nouveau-module")
    assert module.kind == kind and "à remplacer" in module.title
    assert module.questions or kind == "reference"  # a reference page asks nothing
    checked = runner.invoke(args=["modules", "check"])
    assert checked.exit_code == 1  # loads, but its example texts are still to replace
    left = [line for line in checked.stderr.splitlines() if "texte d'exemple à remplacer" in line]
    assert left and all(line.startswith("modules/nouveau-module/module.md:") for line in left)
    assert len(left) == checked.stderr.count("\n")  # nothing else is wrong with it


def test_new_defaults_to_an_initiation_module(runner: FlaskCliRunner, modules_dir: Path) -> None:
    assert runner.invoke(args=["modules", "new", "par-defaut"]).exit_code == 0
    assert "kind: initiation" in (modules_dir / "par-defaut" / "module.md").read_text("utf-8")


def test_new_refuses_an_existing_slug(runner: FlaskCliRunner, modules_dir: Path) -> None:
    before = (modules_dir / "exemple" / "module.md").read_text("utf-8")
    result = runner.invoke(args=["modules", "new", "exemple"])
    assert result.exit_code == 2
    assert "existe déjà" in result.output
    assert (modules_dir / "exemple" / "module.md").read_text("utf-8") == before


@pytest.mark.parametrize("slug", ["Majuscule", "avec espace", "accent-é", "tiret-", "a--b", "../dehors", "a_b"])
def test_new_refuses_a_bad_slug(runner: FlaskCliRunner, modules_dir: Path, slug: str) -> None:
    result = runner.invoke(args=["modules", "new", slug])
    assert result.exit_code == 2
    assert "minuscules, chiffres et tirets" in result.output
    assert sorted(path.name for path in modules_dir.iterdir()) == ["exemple", "hors-parcours", "parcours.yml"]


def test_new_refuses_an_unknown_kind(runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["modules", "new", "quiz", "--kind", "cours"]).exit_code == 2
