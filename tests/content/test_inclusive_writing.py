"""One rule for gender (README §10), kept by `modules check --strict`: people in general never in the masculine alone."""

from pathlib import Path

from flask.testing import FlaskCliRunner


def _strict_lines(runner: FlaskCliRunner, modules_dir: Path, *paragraphs: str) -> dict[str, list[str]]:
    """The gender problems the strict check finds in the paragraphs added to `exemple`, by paragraph."""
    path = modules_dir / "exemple" / "module.md"
    text = path.read_text("utf-8")
    first = len(text.splitlines()) + 2
    path.write_text(text + "\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    stderr = runner.invoke(args=["modules", "check", "--strict"]).stderr
    return {
        paragraph: [line.split(": ", 1)[1] for line in stderr.splitlines()
                    if line.startswith(f"modules/exemple/module.md:{first + 2 * index}: ") and "README §10" in line]
        for index, paragraph in enumerate(paragraphs)
    }  # fmt: skip


def test_masculine_alone_is_named_with_its_line(runner: FlaskCliRunner, modules_dir: Path) -> None:
    found = _strict_lines(
        runner, modules_dir,
        "Les développeurs testent leur code.",
        "Parlez-en à votre référent.",
        "Le site aide les demandeurs d'emploi et les salariés.",
    )  # fmt: skip
    assert found == {
        "Les développeurs testent leur code.": ["« Les développeurs » : écrivez les deux formes ou un mot épicène (README §10)"],
        "Parlez-en à votre référent.": ["« votre référent » : écrivez les deux formes ou un mot épicène (README §10)"],
        "Le site aide les demandeurs d'emploi et les salariés.": [
            "« les demandeurs » : écrivez les deux formes ou un mot épicène (README §10)",
            "« les salariés » : écrivez les deux formes ou un mot épicène (README §10)",
        ],
    }


def test_both_forms_an_epicene_word_or_an_official_title_pass(runner: FlaskCliRunner, modules_dir: Path) -> None:
    found = _strict_lines(
        runner, modules_dir,
        "Les développeurs et développeuses testent leur code.",
        "Parlez-en à votre référent ou référente.",
        "Parlez-en à la personne qui vous suit, votre référent ou votre référente.",
        "L'équipe de développement teste son code ; les personnes en recherche d'emploi aussi.",
        "Le Titre professionnel Conseiller relation client à distance forme des conseillers.",
        "Les développeuses et les développeurs relisent le code.",
    )  # fmt: skip
    assert all(problems == [] for problems in found.values()), found
