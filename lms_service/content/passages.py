"""Parse the ```passage blocks of a module and check how its questions refer to them.

A passage is a text several questions of the entry test are about (a job offer
followed by three questions). It is written once, before its questions, which name
it with `passage: <id>`; it is drawn with all of them and shown once above them.
So it has at least one question, and they all sit in its section.
"""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from . import fields
from .marked_yaml import MarkedDict
from .model import FrontMatter, Passage
from .pages import PassageBlock
from .problems import Report
from .questions import Question
from .quizzes import read_block
from .units import check_draws

KEYS = ("id", "section", "text")


def parse_passages(
    blocks: Iterable[PassageBlock], questions: Sequence[Question], render: Callable[[str], str], report: Report
) -> dict[PassageBlock, Passage]:
    """Parse the blocks in reading order, each with its questions in written order; ids are unique."""
    parsed: dict[PassageBlock, Passage] = {}
    seen: dict[str, int] = {}
    for block in blocks:
        data = read_block(block, report, "un bloc passage contient des champs « nom: valeur » (id, section, text)")
        passage = _passage(data, questions, render, report) if data is not None else None
        if data is None or passage is None:
            continue
        if passage.id in seen:
            report.add(data.line_of("id"), f"passage « {passage.id} » déjà défini ligne {seen[passage.id]}")
        else:
            seen[passage.id] = passage.line
            parsed[block] = passage
    return parsed


def _passage(
    data: MarkedDict, questions: Sequence[Question], render: Callable[[str], str], report: Report
) -> Passage | None:
    """The passage, if its three fields are readable; an unknown field is reported but does not hide it."""
    fields.check_keys(data, KEYS, report, "dans un bloc passage")
    passage_id = fields.ident(data, "id", report, required=True)
    section = fields.ident(data, "section", report, required=True)
    text = fields.text(data, "text", report, required=True)
    if not (passage_id and section and text):
        return None
    own = tuple(question.id for question in questions if question.passage == passage_id)
    return Passage(passage_id, section, text, render(text), data.line, own)


def check_passages(
    passages: Collection[Passage], questions: Sequence[Question], header: FrontMatter | None, report: Report
) -> None:
    """Check what only the whole module tells: links, order, sections, and that each section can be drawn."""
    _check_links(passages, questions, report)
    if header is not None:
        _check_sections(passages, {question.id: question for question in questions}, header, report)
        check_draws(questions, header.sections, report)


def _check_links(passages: Iterable[Passage], questions: Sequence[Question], report: Report) -> None:
    """Every question names a known passage, and every passage has questions, written after it."""
    known = {passage.id: passage for passage in passages}
    listed = ", ".join(sorted(known)) or "aucun bloc passage dans le module"
    for question in questions:
        if question.passage is not None and question.passage not in known:
            message = f"passage « {question.passage} » inconnu pour la question « {question.id} » ({listed})"
            report.add(question.line, message)
    lines = {question.id: question.line for question in questions}
    for passage in known.values():
        if not passage.question_ids:
            hint = f"ajoutez passage: {passage.id} aux questions qui portent sur ce texte"
            report.add(passage.line, f"le passage « {passage.id} » n'a aucune question : {hint}")
        earlier = [qid for qid in passage.question_ids if lines[qid] < passage.line]
        if earlier:
            report.add(
                passage.line,
                f"le passage « {passage.id} » doit être écrit avant ses questions :"
                f" la question « {earlier[0]} » (ligne {lines[earlier[0]]}) le précède",
            )


def _check_sections(
    passages: Iterable[Passage], questions: Mapping[str, Question], header: FrontMatter, report: Report
) -> None:
    """A passage sits in a known section, with all its questions: it is drawn with them, in that section."""
    known = {section.id for section in header.sections}
    listed = ", ".join(sorted(known)) or "aucune section déclarée dans l'en-tête"
    for passage in passages:
        if passage.section not in known:
            message = f"section « {passage.section} » inconnue pour le passage « {passage.id} » ({listed})"
            report.add(passage.line, message)
            continue  # its questions follow once it names the right section
        for question in (questions[qid] for qid in passage.question_ids):
            if question.section != passage.section:
                report.add(
                    question.line,
                    f"la question « {question.id} » doit être dans la section « {passage.section} »"
                    f" de son passage « {passage.id} »",
                )
