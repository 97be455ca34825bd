"""Short text answers, compared without case, accents, extra spaces or typographic apostrophes."""

from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from .. import fields
from ..folding import strip_accents
from ..marked_yaml import MarkedDict
from ..problems import Report
from .base import ParseContext, Question

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "′": "'"})


def normalise(answer: str) -> str:
    """« L’ÉQUIPE  » and « l'equipe » compare equal: learners type on phones."""
    return " ".join(strip_accents(answer.translate(_APOSTROPHES)).casefold().split())


@dataclass(frozen=True, kw_only=True)
class TextAnswer(Question):
    type_name = "text"
    keys = frozenset({"answers"})

    answers: tuple[str, ...]

    @classmethod
    def read(cls, data: MarkedDict, report: Report, context: ParseContext, *, graded: bool) -> dict[str, Any]:
        if graded and data.get("answers") in (None, []):
            report.add(data.line_of("answers"), "« answers » doit lister au moins une réponse acceptée")
            return {"answers": ()}
        return {"answers": fields.texts(data, "answers", report, scalar=True)}

    def fraction(self, response: object) -> float:
        if not isinstance(response, str):
            return 0.0
        return 1.0 if normalise(response) in {normalise(answer) for answer in self.answers} else 0.0

    def answer_fields(self) -> dict[str, Any]:
        return {"expected": [escape(answer) for answer in self.answers]}
