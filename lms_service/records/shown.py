"""A review's and a follow-up's stored values in words, for the history, the read-only page and the print.

Values come as history.keep stores them (a day as ISO text) or as the row
holds them; the word tables are translated once per page (records/words.py).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import format_date, gettext

from ..models.records import DROPPED_OUT
from .words import adjustment_words, financing_words, follow_up_words, outcome_words

DAYS = frozenset({"held_on", "follow_up_on", "noted_on", "written_on"})


class Shown:
    """`shown(field, value)`: the value as a référent or an adviser reads it; « Non renseigné » for nothing."""

    def __init__(self) -> None:
        self.choices: dict[str, Mapping[Any, str]] = {
            "outcome": outcome_words(), "financing": financing_words(), "adjustments": adjustment_words(),
            "state": follow_up_words(),
        }  # fmt: skip
        self.nothing = gettext("Non renseigné")

    def __call__(self, field: str, value: Any) -> str:
        if field in self.choices:
            return self.choices[field].get(value, self.nothing if value is None else str(value))
        if value is None or value == "":
            return self.nothing
        if field in DAYS:
            return format_date(date.fromisoformat(value) if isinstance(value, str) else value, "long")
        return str(value)

    def lines(self, content: Mapping[str, Any], labels: Mapping[str, str],
              fields: Sequence[str]) -> list[tuple[str, str]]:  # fmt: skip
        """Each field's label and value in words; a dropout reason only with that outcome."""
        return [(labels[name], self(name, content.get(name))) for name in fields
                if name != "dropout_reason" or content.get("outcome") == DROPPED_OUT]  # fmt: skip

