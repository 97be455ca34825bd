"""Passages: a text written once in a ```passage block, before the questions that name it (`passage: <id>`).

tests/content/passages/modules/textes is a small entry test with two sections and two
passages (an offer with three questions, an e-mail with two) among lone questions.
Each rule of the check is shown on a copy of it with one mistake, named with its line.
"""

import json
import shutil
from pathlib import Path

import pytest

from lms_service.content import Catalogue, Module, load_catalogue
from lms_service.content.loader import load_module
from lms_service.content.model import Segment

from .conftest import PASSAGES

SOURCE = (PASSAGES / "textes" / "module.md").read_text("utf-8")
OFFER = "Offre d'emploi</strong> : technicien support"




def test_a_passage_is_parsed_with_its_questions_in_written_order(textes: Module) -> None:
    assert list(textes.passages) == ["offre", "mail"]
    offer = textes.passages["offre"]
    assert (offer.id, offer.section, offer.line, offer.question_ids) == ("offre", "lecture", 19, ("o1", "o2", "o3"))
    assert offer.html.startswith("<blockquote>\n<p><strong>Offre d'emploi</strong>")
    assert textes.passages["mail"].question_ids == ("m1", "m2")
    assert [textes.questions[qid].passage for qid in ("o1", "l1", "m2", "c1")] == ["offre", None, "mail", None]


def test_the_reading_page_shows_each_passage_once_where_it_is_written(textes: Module) -> None:
    page = textes.page("lecture")
    assert page is not None
    assert page.html.count(OFFER) == 1
    assert page.segments[1:5] == (
        Segment(html=textes.passages["offre"].html, passage_id="offre"),
        Segment(question_id="o1", number=1),
        Segment(question_id="o2", number=2),
        Segment(question_id="o3", number=3),
    )
    assert page.question_ids == ("o1", "o2", "o3", "l1", "m1", "m2", "l2")


def test_question_prompts_no_longer_carry_the_passage(textes: Module) -> None:
    for passage in textes.passages.values():
        for qid in passage.question_ids:
            question = textes.questions[qid]
            assert passage.text not in question.prompt and passage.html not in question.prompt_html
            assert "Offre" not in question.public_view()["prompt"]


def _copy_with(tmp_path: Path, text: str) -> Path:
    modules = Path(shutil.copytree(PASSAGES, tmp_path / "modules"))
    (modules / "textes" / "module.md").write_text(text, encoding="utf-8")
    return modules


def test_a_passage_is_rendered_once_sanitised_and_cached_with_the_module_version(tmp_path: Path) -> None:
    hostile = SOURCE.replace("  > Contrat : CDI", "  > <script>alert(1)</script> Contrat : CDI")
    modules = _copy_with(tmp_path, hostile)
    loaded = load_module(modules / "textes", tmp_path, cache_dir=tmp_path / "cache")
    assert loaded.module is not None
    passage = loaded.module.passages["offre"]
    assert "<script" not in passage.html and "alert(1)" not in passage.html
    (cached,) = (tmp_path / "cache").iterdir()
    assert cached.name == f"{loaded.module.version}.json"
    assert json.loads(cached.read_text("utf-8"))["fragments"][passage.text] == passage.html


def _block(block_id: str) -> str:
    """The fenced block (passage or quiz) whose id is `block_id`, as written in the sample."""
    start = max(SOURCE.find(f"```{kind}\nid: {block_id}\n") for kind in ("passage", "quiz"))
    return SOURCE[start : SOURCE.index("\n```\n", start) + 4]


def _moved_after(block_id: str, anchor: str) -> str:
    """The sample with block `block_id` moved just after block `anchor`."""
    block = _block(block_id)
    text = SOURCE.replace(block + "\n", "")
    return text.replace(_block(anchor), _block(anchor) + "\n" + block)


EMPTY_PASSAGE = "```passage\nid: vide\nsection: lecture\ntext: Un texte sans question.\n```\n\n"
TWICE = "```passage\nid: mail\nsection: calcul\ntext: Encore un e-mail.\n```\n\n"
PATH = "modules/textes/module.md"

CHECKS = {
    "unknown passage on a question": (
        SOURCE.replace("id: m2\nsection: lecture\npassage: mail", "id: m2\nsection: lecture\npassage: mel"),
        f"{PATH}:82: passage « mel » inconnu pour la question « m2 » (mail, offre)",
    ),
    "passage without questions": (
        SOURCE.replace("```quiz\nid: l2\n", EMPTY_PASSAGE + "```quiz\nid: l2\n"),
        f"{PATH}:91: le passage « vide » n'a aucune question :"
        " ajoutez passage: vide aux questions qui portent sur ce texte",
    ),
    "passage in an unknown section": (
        SOURCE.replace("id: mail\nsection: lecture", "id: mail\nsection: logique"),
        f"{PATH}:66: section « logique » inconnue pour le passage « mail » (calcul, lecture)",
    ),
    "question outside its passage's section": (
        SOURCE.replace("id: m2\nsection: lecture", "id: m2\nsection: calcul"),
        f"{PATH}:82: la question « m2 » doit être dans la section « lecture » de son passage « mail »",
    ),
    "passage defined twice": (
        SOURCE.replace("```quiz\nid: c1\n", TWICE + "```quiz\nid: c1\n"),
        f"{PATH}:101: passage « mail » déjà défini ligne 66",
    ),
    "passage after one of its questions": (
        _moved_after("mail", "m1"),
        f"{PATH}:75: le passage « mail » doit être écrit avant ses questions : la question « m1 » (ligne 67) le précède",
    ),
    "draw no sum of whole passages and lone questions can make": (
        SOURCE.replace("id: l1\nsection: lecture", "id: l1\nsection: calcul").replace(
            "id: l2\nsection: lecture", "id: l2\nsection: calcul"
        ),
        f"{PATH}:6: la section « lecture » tire 4 questions, mais aucun tirage n'en donne exactement 4 :"
        " chaque passage est tiré avec toutes ses questions (« offre » : 3, « mail » : 2)"
        " et la section a 0 question(s) sans passage ; changez « draw » ou le nombre de questions",
    ),
    "unknown field in a passage": (
        SOURCE.replace("id: offre\nsection: lecture\n", "id: offre\nsection: lecture\ntitre: Offre\n"),
        f"{PATH}:21: champ inconnu « titre » dans un bloc passage (champs possibles : id, section, text)",
    ),
}


@pytest.mark.parametrize("case", list(CHECKS))
def test_each_passage_rule_is_named_with_its_line(tmp_path: Path, case: str) -> None:
    text, expected = CHECKS[case]
    catalogue, problems = load_catalogue(_copy_with(tmp_path, text))
    assert [str(problem) for problem in problems] == [expected]
    assert catalogue.get("textes") is None


def test_the_sample_itself_passes(sample: Catalogue) -> None:
    """The sample of the other tests has no passage, and its questions none either."""
    module = sample.get("exemple")
    assert module is not None and dict(module.passages) == {}
    assert all(question.passage is None for question in module.questions.values())
