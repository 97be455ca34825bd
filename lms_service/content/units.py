"""The units a section of the entry test is drawn in, and which of them make exactly its draw.

A passage is drawn with all its questions, a question without a passage alone: a
section's `draw` must be a sum of such units. The checker asks whether one exists,
so that a module it accepts can always be drawn; the draw takes the first one in a
shuffled order of the units.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Section
from .problems import Report
from .questions import Question


@dataclass(frozen=True)
class Unit:
    """A passage and its questions in written order, or one question alone (`passage` None)."""

    passage: str | None
    question_ids: tuple[str, ...]


def section_units(questions: Iterable[Question], section: str) -> tuple[Unit, ...]:
    """The units of a section in written order; a passage's unit stands where its first question is."""
    order: list[tuple[str | None, str]] = []
    grouped: dict[str, list[str]] = {}
    for question in questions:
        if question.section != section:
            continue
        if question.passage is None:
            order.append((None, question.id))
        elif question.passage in grouped:
            grouped[question.passage].append(question.id)
        else:
            grouped[question.passage] = [question.id]
            order.append((question.passage, question.id))
    return tuple(Unit(passage, tuple(grouped[passage])) if passage else Unit(None, (qid,)) for passage, qid in order)


def choose(sizes: Sequence[int], target: int) -> tuple[int, ...] | None:
    """The indices of the first units, in the given order, whose sizes sum to `target`; None if none do.

    First: a unit is taken whenever the units after it can still make up what is left,
    so earlier units are preferred. `reachable[i]` holds, as the bits of an integer,
    every sum up to `target` that the units from i on can make.
    """
    mask = (1 << (target + 1)) - 1
    reachable = [1]
    for size in reversed(sizes):
        reachable.append((reachable[-1] | (reachable[-1] << size)) & mask)
    reachable.reverse()
    if not (reachable[0] >> target) & 1:
        return None
    chosen: list[int] = []
    left = target
    for index, size in enumerate(sizes):
        if size <= left and (reachable[index + 1] >> (left - size)) & 1:
            chosen.append(index)
            left -= size
    return tuple(chosen)


def check_draws(questions: Sequence[Question], sections: Iterable[Section], report: Report) -> None:
    """Each section can draw exactly `draw` questions with its passages whole.

    A section with fewer questions than its draw is already reported (check_sections).
    """
    for section in sections:
        units = section_units(questions, section.id)
        sizes = [len(unit.question_ids) for unit in units]
        if sum(sizes) < section.draw or choose(sizes, section.draw) is not None:
            continue
        groups = ", ".join(f"« {unit.passage} » : {len(unit.question_ids)}" for unit in units if unit.passage)
        alone = sum(1 for unit in units if unit.passage is None)
        report.add(
            section.line,
            f"la section « {section.id} » tire {section.draw} questions, mais aucun tirage n'en donne"
            f" exactement {section.draw} : chaque passage est tiré avec toutes ses questions ({groups})"
            f" et la section a {alone} question(s) sans passage ; changez « draw » ou le nombre de questions",
        )
