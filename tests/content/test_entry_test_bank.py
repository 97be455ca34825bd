"""The entry test tests prerequisites, not France-specific trivia (issue 11, point 9)."""

import re
from pathlib import Path

from lms_service import content

PROGRAMME = Path(__file__).resolve().parents[2] / "modules"

# What a newcomer to France, or to its agencies, cannot know and need not know to start a training.
TRIVIA = re.compile(
    r"FranceConnect|espace (?:personnel )?France Travail|Pôle emploi|ANPE|Ctrl\s*\+|raccourci"
    r"|\bL[\s,-]+M[\s,-]+M[\s,-]+J[\s,-]+V\b",  # weekday initials
    re.I,
)


def _questions_text(module: content.Module) -> list[tuple[str, str]]:
    texts = [(passage.id, passage.text) for passage in module.passages.values()]
    for question in module.questions.values():
        texts.append((question.id, repr(question.public_view())))
    return texts


def test_no_question_or_passage_of_the_entry_test_asks_for_trivia() -> None:
    catalogue, problems = content.load_catalogue(PROGRAMME)
    assert problems == []
    test = catalogue.get("test-de-positionnement")
    assert test is not None and len(test.questions) >= 60
    found = [f"{where}: {match.group()}" for where, text in _questions_text(test) for match in TRIVIA.finditer(text)]
    assert found == []


def test_the_trivia_rule_catches_what_the_first_edition_asked() -> None:
    for text in ("Avec quel service vous connectez-vous à l'espace France Travail ?", "Que fait Ctrl + C ?",
                 "Quel était l'ancien nom de France Travail ? Pôle emploi", "Sur un planning, « L M M J V » veut dire…"):
        assert TRIVIA.search(text), text
