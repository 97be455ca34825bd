"""The entry test's draw: which questions an attempt asks, section by section, passages whole.

Pure (a module and a random generator in, frozen data out), so it is tested
without an app or a database. A caller stores the draw with the attempt
(`to_json`) and shows that same draw again (`from_json`), even after the module
has changed, as long as what it names still reads the same way; otherwise
`from_json` says so with UnusableDraw rather than show questions out of their passage.
"""

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..content import Module
from ..content.units import Unit, choose, section_units

__all__ = ["DrawnSection", "Unit", "UnusableDraw", "draw", "from_json", "to_json"]


class UnusableDraw(ValueError):
    """A stored draw that cannot be shown against this module: malformed, or naming what it no longer has."""


@dataclass(frozen=True)
class DrawnSection:
    """The questions drawn in one section, in the order shown: passages with their questions, lone questions."""

    section: str
    items: tuple[Unit, ...]

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(qid for item in self.items for qid in item.question_ids)


def draw(module: Module, rng: random.Random) -> tuple[DrawnSection, ...]:
    """Exactly `draw` questions per section, a passage's questions together, in written order, under it.

    The units (a passage with all its questions, or a question alone) are shuffled,
    then the first of them, in that order, that sum exactly to `draw` are kept. The
    module check refuses a section where no sum does, so a loaded module always draws.
    """
    return tuple(_draw_section(module, section.id, section.draw, rng) for section in module.sections)


def _draw_section(module: Module, section: str, count: int, rng: random.Random) -> DrawnSection:
    units = list(section_units(module.questions.values(), section))
    rng.shuffle(units)
    chosen = choose([len(unit.question_ids) for unit in units], count)
    if chosen is None:
        raise ValueError(f"section {section!r} of {module.slug!r} cannot draw exactly {count} questions")
    return DrawnSection(section, tuple(units[index] for index in chosen))


def to_json(drawn: Iterable[DrawnSection]) -> list[dict[str, Any]]:
    """The draw as JSON data (lists, dicts, strings), for a JSON column; `from_json` reads it back."""
    return [{"section": part.section, "items": [_item_json(item) for item in part.items]} for part in drawn]


def _item_json(item: Unit) -> dict[str, Any]:
    if item.passage is None:
        return {"question": item.question_ids[0]}
    return {"passage": item.passage, "questions": list(item.question_ids)}


def from_json(data: object, module: Module) -> tuple[DrawnSection, ...]:
    """The draw `to_json` stored, checked against `module` as it is now; UnusableDraw if it does not fit.

    Stored data may be older than the module: each section, passage and question it
    names must still exist, each question still in that section and under that passage
    (or under none), and no question twice. The draw size is not checked against the
    module's `draw`: the attempt keeps the questions it was given.
    """
    sections = {section.id for section in module.sections}
    seen_sections: set[str] = set()
    seen_questions: set[str] = set()
    drawn = []
    for entry in _list(data, "the draw"):
        part = _mapping(entry, {"section", "items"})
        section = _text(part["section"])
        if section not in sections or section in seen_sections:
            raise UnusableDraw(f"unknown or repeated section {section!r}")
        seen_sections.add(section)
        items = tuple(_item(item, section, module) for item in _list(part["items"], "items"))
        for qid in (qid for item in items for qid in item.question_ids):
            if qid in seen_questions:
                raise UnusableDraw(f"question {qid!r} drawn twice")
            seen_questions.add(qid)
        drawn.append(DrawnSection(section, items))
    return tuple(drawn)


def _item(data: object, section: str, module: Module) -> Unit:
    """A lone question or a passage with some of its questions, as the module has them now."""
    if isinstance(data, Mapping) and "passage" in data:
        entry = _mapping(data, {"passage", "questions"})
        passage = module.passages.get(_text(entry["passage"]))
        if passage is None or passage.section != section:
            raise UnusableDraw(f"passage {entry['passage']!r} is not in section {section!r}")
        questions = tuple(_text(qid) for qid in _list(entry["questions"], "questions"))
        if not questions or not set(questions) <= set(passage.question_ids):
            raise UnusableDraw(f"questions {questions!r} are not all of passage {passage.id!r}")
        return Unit(passage.id, questions)
    qid = _text(_mapping(data, {"question"})["question"])
    question = module.questions.get(qid)
    if question is None or question.section != section or question.passage is not None:
        raise UnusableDraw(f"question {qid!r} is not a lone question of section {section!r}")
    return Unit(None, (qid,))


def _mapping(data: object, keys: set[str]) -> Mapping[str, object]:
    if not isinstance(data, Mapping) or set(data) != keys:
        raise UnusableDraw(f"expected an object with keys {sorted(keys)}")
    return data


def _list(data: object, what: str) -> list[object]:
    if not isinstance(data, list):
        raise UnusableDraw(f"{what} must be a list")
    return data


def _text(data: object) -> str:
    if not isinstance(data, str):
        raise UnusableDraw(f"expected a text id, not {data!r}")
    return data
