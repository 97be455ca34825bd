"""Questions for surveys and self-assessment: answers are collected, never graded."""

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from .. import fields
from ..marked_yaml import MarkedDict
from ..problems import Report
from .base import MAX_FREE_ANSWER, BadResponse, ParseContext, Question, short_answer


@dataclass(frozen=True, kw_only=True)
class Likert(Question):
    type_name = "likert"
    read_template = "questions/read/likert.html"
    answer_template = "questions/answer/likert.html"
    typed = False
    keys = frozenset({"scale"})
    graded_type = False

    scale: tuple[str, ...]

    @classmethod
    def read(cls, data: MarkedDict, report: Report, context: ParseContext, *, graded: bool) -> dict[str, Any]:
        if data.get("scale") is None:
            example = "[Pas du tout, Un peu, Beaucoup]"
            report.add(data.line_of("scale"), f"champ « scale » obligatoire manquant : {example}")
            return {"scale": ()}
        scale = fields.texts(data, "scale", report)
        if isinstance(data["scale"], list) and len(data["scale"]) < 2:
            report.add(data.line_of("scale"), "« scale » doit proposer au moins deux niveaux")
        return {"scale": scale}

    def public_fields(self) -> dict[str, Any]:
        return {"scale": list(self.scale)}

    def read_value(self, value: str) -> str:
        if value not in self.scale:
            raise BadResponse(_l("Choisissez l'un des niveaux proposés."))
        return value


@dataclass(frozen=True, kw_only=True)
class FreeText(Question):
    type_name = "free"
    graded_type = False
    answer_template = "questions/answer/free_text.html"

    def read_value(self, value: str) -> str:
        return short_answer(value, MAX_FREE_ANSWER)
