"""A first name belongs to one module of the programme: `personas:` in the header, checked with file:line."""

from pathlib import Path

from lms_service import content
from lms_service.content.personas import persona_problems


def _declare(modules_dir: Path, slug: str, names: str, *paragraphs: str) -> None:
    path = modules_dir / slug / "module.md"
    header, body = path.read_text("utf-8").split("\n---\n", 1)
    text = f"{header}\npersonas: [{names}]\n---\n{body}"
    path.write_text(text + "\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _problems(modules_dir: Path) -> list[str]:
    catalogue, problems = content.load_catalogue(modules_dir)
    assert problems == []
    return [str(problem) for problem in persona_problems(catalogue.modules)]


def test_each_module_with_its_own_characters_passes(modules_dir: Path) -> None:
    _declare(modules_dir, "exemple", "Awa", "Awa répare une imprimante.")
    _declare(modules_dir, "hors-parcours", "Bernard", "Bernard relit son CV.")
    assert _problems(modules_dir) == []


def test_a_name_used_by_another_module_is_named_at_its_line(modules_dir: Path) -> None:
    _declare(modules_dir, "exemple", "Awa", "Awa répare une imprimante.")
    _declare(modules_dir, "hors-parcours", "Bernard", "Bernard relit son CV.", "Awa, en retard, appelle.")
    lines = (modules_dir / "hors-parcours" / "module.md").read_text("utf-8").splitlines()
    line = lines.index("Awa, en retard, appelle.") + 1
    expected = f"modules/hors-parcours/module.md:{line}: « Awa » est un personnage du module « exemple »"
    assert [problem for problem in _problems(modules_dir) if problem.startswith(expected)]


def test_a_name_inside_a_longer_word_is_not_a_use(modules_dir: Path) -> None:
    _declare(modules_dir, "exemple", "Léa", "Léa teste un site.")
    _declare(modules_dir, "hors-parcours", "Bernard", "Bernard lit : « Léandre » et « Azaléa » ne sont pas Léa… si.")
    problems = _problems(modules_dir)
    assert len(problems) == 1 and "« Léa » est un personnage du module « exemple »" in problems[0]


def test_a_name_declared_twice_or_never_used_is_refused(modules_dir: Path) -> None:
    _declare(modules_dir, "exemple", "Awa, Yvon", "Awa répare une imprimante.")
    _declare(modules_dir, "hors-parcours", "Awa", "Awa relit son CV.")
    problems = _problems(modules_dir)
    assert any("« Yvon » n'apparaît pas dans le module" in problem for problem in problems)
    assert any("le personnage « Awa » est déjà celui du module" in problem for problem in problems)
