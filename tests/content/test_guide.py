"""Every example of the trainers' guide (modules/README.md) passes the check: the guide never lies."""

import re
from pathlib import Path

import pytest

from lms_service.content import load_catalogue

from .helpers import question

GUIDE = (Path(__file__).parents[2] / "modules" / "README.md").read_text("utf-8")
QUIZ_BLOCKS = re.findall(r"^```quiz\n(.*?)^```$", GUIDE, re.M | re.S)
FULL_MODULE = re.search(r"^````markdown\n(---\n.*?)^````$", GUIDE, re.M | re.S)
PASSAGE_PAGE = re.search(r"^````markdown\n(## [^\n]*\n.*?```passage\n.*?)^````$", GUIDE, re.M | re.S)
ENTRY_TEST = "---\nslug: test\ntitle: Test\nkind: entry-test\nsections:\n  - {id: lecture, title: L, draw: 2}\n---\n\n"
HEADER = re.search(r"^```yaml\n(---\n.*?---\n)```$", GUIDE, re.M | re.S)


@pytest.mark.parametrize("block", QUIZ_BLOCKS, ids=[re.search(r"id: (\S+)", b)[1] for b in QUIZ_BLOCKS])
def test_each_question_example_is_valid(block: str) -> None:
    question(block)


def test_the_guide_shows_every_question_type() -> None:
    assert {question(block).type_name for block in QUIZ_BLOCKS} == {
        "single", "multiple", "numeric", "text", "ordering", "likert", "free",
    }  # fmt: skip


def test_the_header_example_is_valid(tmp_path: Path) -> None:
    assert HEADER
    folder = tmp_path / "modules" / "developpement-web"
    folder.mkdir(parents=True)
    (folder / "module.md").write_text(HEADER[1] + "\n## Une page\n\nDu texte.\n", "utf-8")
    _, problems = load_catalogue(tmp_path / "modules")
    assert problems == []


def test_the_complete_example_is_a_valid_module(tmp_path: Path) -> None:
    assert FULL_MODULE
    folder = tmp_path / "modules" / "exemple-court"
    folder.mkdir(parents=True)
    (folder / "module.md").write_text(FULL_MODULE[1], "utf-8")
    catalogue, problems = load_catalogue(tmp_path / "modules")
    assert problems == []
    module = catalogue.get("exemple-court")
    assert [page.id for page in module.pages] == ["metier", "quiz"] and list(module.questions) == ["support-role"]


def test_the_passage_example_is_a_valid_page_of_the_entry_test(tmp_path: Path) -> None:
    assert PASSAGE_PAGE
    folder = tmp_path / "modules" / "test"
    folder.mkdir(parents=True)
    (folder / "module.md").write_text(ENTRY_TEST + PASSAGE_PAGE[1], "utf-8")
    catalogue, problems = load_catalogue(tmp_path / "modules")
    assert problems == []
    module = catalogue.get("test")
    assert module.passages["offre-nordinfo"].question_ids == ("lec-contrat", "lec-debutant")
