"""Put items in order: all or nothing."""

import random
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..marked_yaml import MarkedDict
from ..problems import Report
from .base import BadResponse, FormValues, ParseContext, Question
from .choices import Choice, read_answer_ids, read_choices


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    type_name = "ordering"
    read_template = "questions/read/ordering.html"
    answer_template = "questions/answer/ordering.html"
    typed = False
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

    def item_field(self, item_id: str) -> str:
        """Each item has its own field, holding the place (1, 2…) the learner gives it."""
        return f"{self.field_name}-{item_id}"

    def field_names(self) -> frozenset[str]:
        return frozenset(self.item_field(item.id) for item in self.items)

    def read_response(self, form: FormValues) -> list[str] | None:
        """The items in the order of the places given; None when no place is given."""
        places = {item.id: _given(form.getlist(self.item_field(item.id))) for item in self.items}
        if not any(places.values()):
            return None
        count = len(self.items)
        message = _l("Donnez à chaque élément une place différente, de 1 à %(count)s.", count=count)
        ranks: dict[str, int] = {}
        for item_id, values in places.items():
            if len(values) != 1 or not (values[0].isascii() and values[0].isdigit()) or not 1 <= int(values[0]) <= count:
                raise BadResponse(message)
            ranks[item_id] = int(values[0])
        if len(set(ranks.values())) != count:
            raise BadResponse(message)
        return sorted(ranks, key=ranks.__getitem__)

    def response_html(self, response: Any) -> Markup:
        html = {item.id: item.html for item in self.items}
        return Markup(" → ").join(Markup(html[item_id]) for item_id in response if item_id in html)

    def answer_fields(self) -> dict[str, Any]:
        html = {item.id: item.html for item in self.items}
        return {"expected": [Markup(html[item_id]) for item_id in self.answer], "ordered": True}


def _given(values: list[str]) -> list[str]:
    return [value.strip() for value in values if value.strip()]
