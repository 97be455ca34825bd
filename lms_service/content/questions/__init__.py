"""Question types, chosen by the `type` field of a quiz block (like CTFd's CHALLENGE_CLASSES)."""

from ..marked_yaml import MarkedDict
from ..problems import Problem, Report
from .base import BadResponse, FormValues, ParseContext, Question
from .choices import Choice, MultipleChoice, SingleChoice
from .numeric import Numeric
from .ordering import Ordering
from .survey import FreeText, Likert
from .text import TextAnswer

QUESTION_TYPES: dict[str, type[Question]] = {
    cls.type_name: cls for cls in (SingleChoice, MultipleChoice, Numeric, TextAnswer, Ordering, Likert, FreeText)
}

__all__ = ["QUESTION_TYPES", "BadResponse", "Choice", "FormValues", "ParseContext", "Question", "parse_question"]


def parse_question(data: MarkedDict, context: ParseContext) -> Question | list[Problem]:
    """Hand a quiz block to the class its `type` names."""
    name = data.get("type")
    cls = QUESTION_TYPES.get(name) if isinstance(name, str) else None
    if cls is not None:
        return cls.parse(data, context)
    report = Report(context.path)
    known = ", ".join(QUESTION_TYPES)
    if name is None:
        report.add(data.line, f"champ « type » obligatoire manquant (types possibles : {known})")
    else:
        report.add(data.line_of("type"), f"type de question inconnu « {name} » (types possibles : {known})")
    return report.problems
