"""Parse every quiz block of a module and check what only the whole module can tell."""

from collections.abc import Iterable

from .marked_yaml import MarkedDict, YamlError, load
from .model import FrontMatter
from .pages import Block, QuizBlock
from .problems import Report
from .questions import ParseContext, Question, parse_question


def parse_quizzes(
    blocks: Iterable[QuizBlock], context: ParseContext, report: Report
) -> dict[QuizBlock, Question]:
    """Parse the blocks in reading order; a question id may be used only once per module."""
    parsed: dict[QuizBlock, Question] = {}
    seen: dict[str, int] = {}
    for block in blocks:
        data = read_block(block, report, "un bloc quiz contient des champs « nom: valeur » (id, type, prompt…)")
        if data is None:
            continue
        result = parse_question(data, context)
        if isinstance(result, list):
            report.problems.extend(result)
        elif result.id in seen:
            report.add(data.line_of("id"), f"question « {result.id} » déjà définie ligne {seen[result.id]}")
        else:
            seen[result.id] = result.line
            parsed[block] = result
    return parsed


def read_block(block: Block, report: Report, not_fields: str) -> MarkedDict | None:
    """The fields of a quiz or passage block; None, with the problem reported, if it holds none."""
    try:
        data = load(block.text, first_line=block.line + 1)
    except YamlError as error:
        report.add(error.line, error.message)
        return None
    if not isinstance(data, MarkedDict):
        report.add(block.line, not_fields)
        return None
    return data


def check_sections(questions: Iterable[Question], header: FrontMatter, report: Report) -> None:
    """Entry-test questions each belong to a known section, and no section draws more than it has."""
    known = {section.id for section in header.sections}
    listed = ", ".join(sorted(known)) or "aucune section déclarée dans l'en-tête"
    counts = dict.fromkeys(known, 0)
    for question in questions:
        if question.section in known:
            counts[question.section] += 1
        elif question.section is not None:
            message = f"section « {question.section} » inconnue pour la question « {question.id} » ({listed})"
            report.add(question.line, message)
        elif header.kind == "entry-test":
            message = f"la question « {question.id} » n'a pas de section : ajoutez section: … ({listed})"
            report.add(question.line, message)
    for section in header.sections:
        if section.draw > counts[section.id]:
            report.add(
                section.line,
                f"la section « {section.id} » tire {section.draw} questions mais n'en a que {counts[section.id]}",
            )
