"""Put items in order: all or nothing."""

import random
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..marked_yaml import MarkedDict
from ..problems import Report
from .base import ParseContext, Question
from .choices import Choice, read_answer_ids, read_choices


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    type_name = "ordering"
    read_template = "questions/read/ordering.html"
    keys = frozenset({"items", "answer"})

    items: tuple[Choice, ...]
    answer: tuple[str, ...]

    @classmethod
    def read(cls, data: MarkedDict, report: Report, context: ParseContext, *, graded: bool) -> dict[str, Any]:
        items = read_choices(data, "items", report, context, feedback=False)
        ids = [item.id for item in items]
        answer = read_answer_ids(data, report, ids)
        if items and (graded or "answer" in data) and sorted(answer) != sorted(ids):
            report.add(
                data.line_of("answer"),
                f"« answer » doit reprendre chaque élément de « items » une fois, dans le bon ordre "
                f"(éléments : {', '.join(ids)})",
            )
        return {"items": items, "answer": answer}

    def display_order(self) -> tuple[Choice, ...]:
        """The order written by the trainer, unless it is the answer: then a fixed shuffle of it."""
        if [item.id for item in self.items] != list(self.answer):
            return self.items
        shuffled = list(self.items)
        random.Random(self.id).shuffle(shuffled)
        if [item.id for item in shuffled] == list(self.answer):
            shuffled = shuffled[1:] + shuffled[:1]
        return tuple(shuffled)

    def fraction(self, response: object) -> float:
        if isinstance(response, str) or not isinstance(response, list | tuple):
            return 0.0
        return 1.0 if tuple(response) == self.answer else 0.0

    def public_fields(self) -> dict[str, Any]:
        return {"items": [item.public_view() for item in self.display_order()]}

    def answer_fields(self) -> dict[str, Any]:
        html = {item.id: item.html for item in self.items}
        return {"expected": [Markup(html[item_id]) for item_id in self.answer], "ordered": True}
