"""Links between modules (`[texte](module:slug#page)`): kept through sanitising, resolved when served, checked."""

import shutil
from pathlib import Path

from flask.testing import FlaskCliRunner

from lms_service import content
from lms_service.content.links import link_problems, resolve
from lms_service.content.rendering import render

from .conftest import PASSAGES


def test_a_module_link_survives_sanitising_and_other_schemes_still_do_not() -> None:
    html = render("[la POEI](module:financement#poei-poec) et [ceci](javascript:alert(1))")
    assert 'href="module:financement#poei-poec"' in html
    assert "javascript" not in html


def test_resolve_makes_each_module_link_a_url_and_leaves_other_links_alone() -> None:
    html = '<a href="module:financement#revenu">a</a> <a href="module:cybersecurite">b</a> <a href="https://x.fr">c</a>'
    made = resolve(html, lambda slug, page: f"/m/{slug}/{page or 'reprendre'}?lt=T")
    assert made == '<a href="/m/financement/revenu?lt=T">a</a> <a href="/m/cybersecurite/reprendre?lt=T">b</a> <a href="https://x.fr">c</a>'


def _add_links(modules_dir: Path, *lines: str) -> None:
    path = modules_dir / "hors-parcours" / "module.md"
    path.write_text(path.read_text("utf-8") + "\n" + "\n\n".join(lines) + "\n", encoding="utf-8")


def test_the_check_accepts_links_to_a_module_and_to_one_of_its_pages(runner: FlaskCliRunner, modules_dir: Path) -> None:
    _add_links(modules_dir, "Voir [le module](module:exemple).", "Voir [une journée](module:exemple#journee).")
    result = runner.invoke(args=["modules", "check"])
    assert result.exit_code == 0, result.stderr


def test_the_check_refuses_a_link_to_a_missing_module_or_page_with_its_line(runner: FlaskCliRunner, modules_dir: Path) -> None:
    before = len((modules_dir / "hors-parcours" / "module.md").read_text("utf-8").splitlines())
    _add_links(modules_dir, "Voir [ceci](module:inexistant).", "Voir [cela](module:exemple#nulle-part).")
    result = runner.invoke(args=["modules", "check"])
    assert result.exit_code == 1
    assert f"modules/hors-parcours/module.md:{before + 2}: lien vers le module « inexistant » : ce module n'existe pas" in result.stderr
    assert f"modules/hors-parcours/module.md:{before + 4}: lien vers « exemple#nulle-part » : page inconnue" in result.stderr


def test_the_check_refuses_a_link_inside_a_question_where_the_quiz_screen_could_not_follow_it(
    runner: FlaskCliRunner, modules_dir: Path
) -> None:
    path = modules_dir / "exemple" / "module.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("```quiz\n", "```quiz\n# voir [la page](module:exemple#journee)\n", 1), encoding="utf-8")
    line = text.splitlines().index("```quiz") + 2
    result = runner.invoke(args=["modules", "check"])
    assert result.exit_code == 1
    assert f"modules/exemple/module.md:{line}: lien vers « exemple » dans une question" in result.stderr


def test_the_check_names_a_module_to_prepare_that_does_not_exist(tmp_path: Path) -> None:
    modules_dir = Path(shutil.copytree(PASSAGES, tmp_path / "modules"))
    path = modules_dir / "textes" / "module.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("    draw: 4\n", "    draw: 4\n    prepare: [textes, module-disparu]\n", 1), "utf-8")
    catalogue, problems = content.load_catalogue(modules_dir)
    textes = catalogue.get("textes")
    assert problems == [] and textes is not None
    found = [str(problem) for problem in link_problems(textes, catalogue.modules)]
    line = text.splitlines().index("  - id: lecture") + 1
    message = "partie « lecture » : le module à travailler « module-disparu » (prepare) n'existe pas"
    assert found == [f"modules/textes/module.md:{line}: {message}"]
