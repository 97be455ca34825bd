"""The catalogue: modules that loaded, in the order of parcours.yml, wired into the app by init_app."""

import logging
from pathlib import Path

from flask import Flask

from lms_service.content import Catalogue, get_catalogue, load_catalogue

BROKEN = Path(__file__).parent / "broken"


def test_ordered_follows_the_path_then_the_rest_by_slug(modules_dir: Path) -> None:
    for slug in ("zz-dernier", "aa-premier"):
        (modules_dir / slug).mkdir()
        text = (modules_dir / "hors-parcours" / "module.md").read_text("utf-8")
        (modules_dir / slug / "module.md").write_text(text.replace("hors-parcours", slug), encoding="utf-8")
    catalogue, problems = load_catalogue(modules_dir)
    assert problems == []
    assert [module.slug for module in catalogue.ordered()] == ["exemple", "aa-premier", "hors-parcours", "zz-dernier"]


def test_phases_come_from_parcours_yml(sample: Catalogue) -> None:
    assert [(phase.id, phase.title, phase.modules) for phase in sample.phases] == [
        ("nurserie", "La nurserie", ("exemple",))
    ]
    assert sample.get("exemple").slug == "exemple" and sample.get("inconnu") is None


def test_a_module_with_problems_is_reported_and_left_out_of_the_path(modules_dir: Path) -> None:
    path = modules_dir / "exemple" / "module.md"
    path.write_text(path.read_text("utf-8").replace("answer: a\n", "answer: z\n", 1), encoding="utf-8")
    catalogue, problems = load_catalogue(modules_dir)
    assert [str(problem) for problem in problems] == [
        "modules/exemple/module.md:52: réponse « z » absente de la liste (ids possibles : a, b)"
    ]
    assert list(catalogue.modules) == ["hors-parcours"]
    assert catalogue.phases[0].modules == ()


def test_a_missing_parcours_file_means_no_phases(modules_dir: Path) -> None:
    (modules_dir / "parcours.yml").unlink()
    catalogue, problems = load_catalogue(modules_dir)
    assert problems == [] and catalogue.phases == ()
    assert [module.slug for module in catalogue.ordered()] == ["exemple", "hors-parcours"]


def test_a_missing_modules_folder_is_one_problem(tmp_path: Path) -> None:
    catalogue, problems = load_catalogue(tmp_path / "nulle-part")
    assert len(problems) == 1 and problems[0].message == "dossier des modules introuvable"
    assert catalogue.ordered() == []


def test_init_app_stores_the_catalogue(content_app: Flask) -> None:
    with content_app.app_context():
        catalogue = get_catalogue()
    assert catalogue is content_app.extensions["content"]
    assert sorted(catalogue.modules) == ["exemple", "hors-parcours"]
    assert "content_assets" in content_app.blueprints


def test_init_app_logs_each_problem_and_still_starts(make_app, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        app = make_app(BROKEN / "duplicate-slugs" / "modules")
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "module : modules/beta/module.md:2: le slug « alpha » doit être identique au nom du dossier « beta »",
        "module : modules/beta/module.md:2: slug « alpha » déjà utilisé par modules/alpha/module.md",
    ]
    assert list(app.extensions["content"].modules) == ["alpha"]
