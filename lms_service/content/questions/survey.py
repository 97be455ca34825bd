"""Questions for surveys and self-assessment: answers are collected, never graded."""

from dataclasses import dataclass
from typing import Any

from .. import fields
from ..marked_yaml import MarkedDict
from ..problems import Report
from .base import ParseContext, Question


@dataclass(frozen=True, kw_only=True)
class Likert(Question):
    type_name = "likert"
    read_template = "questions/read/likert.html"
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


@dataclass(frozen=True, kw_only=True)
class FreeText(Question):
    type_name = "free"
    graded_type = False
