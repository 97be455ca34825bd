"""Number questions: learners may write `3,5` or `3.5`, spaces and the unit are ignored."""

import math
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import escape

from .. import fields
from ..marked_yaml import MarkedDict
from ..problems import Report
from .base import BadResponse, ParseContext, Question

MAX_NUMBER_LENGTH = 40
_THOUSANDS_WITH_A_DOT = re.compile(r"\d\.\d{3}(?!\d)")


def parse_number(value: object) -> float | None:
    """Read a number as a French learner types it: `1 000,5` is 1000.5; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    compact = "".join(value.split())
    if "," in compact and "." in compact:
        return None
    try:
        number = float(compact.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def french_number(value: float) -> str:
    """21.0 -> « 21 », 3.5 -> « 3,5 »."""
    return f"{value:.15g}".replace(".", ",")


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    type_name = "numeric"
    answer_template = "questions/answer/numeric.html"
    keys = frozenset({"answer", "tolerance", "unit"})

    answer: float | None
    tolerance: float = 0.0
    unit: str | None = None

    @classmethod
    def read(cls, data: MarkedDict, report: Report, context: ParseContext, *, graded: bool) -> dict[str, Any]:
        answer = parse_number(data.get("answer"))
        if answer is None and (graded or data.get("answer") is not None):
            report.add(data.line_of("answer"), "« answer » doit être un nombre (par exemple 21 ou 3,5)")
        tolerance = fields.number(data, "tolerance", report, low=0)
        return {
            "answer": answer,
            "tolerance": tolerance or 0.0,
            "unit": fields.text(data, "unit", report),
        }

    def read_value(self, value: str) -> str:
        """The number as the learner typed it (kept for the feedback), once it reads as one number only."""
        if _THOUSANDS_WITH_A_DOT.search(value):  # « 1.500 »: one thousand five hundred, or one and a half?
            raise BadResponse(_l("Écrivez les milliers avec une espace (1 500) et les décimales avec une virgule (1,5)."))
        number = value.removesuffix(self.unit or "").strip()
        if len(value) > MAX_NUMBER_LENGTH or not number.isascii() or "_" in number or self._number(value) is None:
            raise BadResponse(_l("Écrivez un nombre, par exemple 12 ou 3,5."))
        return value

    def _number(self, response: object) -> float | None:
        if isinstance(response, str) and self.unit:
            response = response.strip().removesuffix(self.unit)
        return parse_number(response)

    def fraction(self, response: object) -> float:
        number = self._number(response)
        if number is None or self.answer is None:
            return 0.0
        slack = self.tolerance + 1e-9 * max(1.0, abs(self.answer))
        return 1.0 if abs(number - self.answer) <= slack else 0.0

    def public_fields(self) -> dict[str, Any]:
        return {"unit": self.unit}

    def answer_fields(self) -> dict[str, Any]:
        """« 21 € », or « 3,5 m (à 0,1 m près) » with a tolerance: written as learners read numbers."""
        if self.answer is None:
            return {}
        unit = f" {self.unit}" if self.unit else ""
        text = f"{french_number(self.answer)}{unit}"
        if self.tolerance:
            text += f" (à {french_number(self.tolerance)}{unit} près)"
        return {"expected": [escape(text)]}
