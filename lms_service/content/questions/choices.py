"""Choice questions: one right answer (single) or several, with partial credit (multiple)."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .. import fields
from ..marked_yaml import MarkedDict
from ..problems import Report
from ..rendering import unwrap_paragraph
from .base import BadResponse, FormValues, ParseContext, Question

NOT_A_CHOICE = _l("Cette réponse ne fait pas partie des choix proposés.")


@dataclass(frozen=True)
class Choice:
    """A choice or an item to order; `html` is its text rendered inline."""

    id: str
    text: str
    html: str
    feedback: str | None = None

    def public_view(self) -> dict[str, str]:
        return {"id": self.id, "text": self.text, "html": self.html}


def choices_answer_view(choices: tuple[Choice, ...], right: Collection[str]) -> dict[str, Any]:
    """The right choices, and every choice with its feedback, for the trainer's preview."""
    return {
        "expected": [Markup(choice.html) for choice in choices if choice.id in right],
        "choices": [
            {"html": Markup(choice.html), "feedback": choice.feedback, "correct": choice.id in right}
            for choice in choices
        ],
    }


def chosen(choices: tuple[Choice, ...], ids: Collection[str]) -> list[Choice]:
    """The choices among `ids`, in the order they are shown."""
    return [choice for choice in choices if choice.id in ids]


def why_chosen(choices: tuple[Choice, ...], ids: Collection[str]) -> list[dict[str, Any]]:
    """The trainer's word on each chosen option that has one."""
    return [{"html": Markup(c.html), "feedback": c.feedback} for c in chosen(choices, ids) if c.feedback]


def read_choices(
    data: MarkedDict, key: str, report: Report, context: ParseContext, *, feedback: bool = True
) -> tuple[Choice, ...]:
    """Read `choices` (or `items`): at least two, each with a unique id and a text."""
    allowed = {"id", "text", "feedback"} if feedback else {"id", "text"}
    result: list[Choice] = []
    for entry in fields.mappings(data, key, report):
        fields.check_keys(entry, allowed, report, f"dans « {key} »")
        choice_id = fields.ident(entry, "id", report, required=True)
        text = fields.text(entry, "text", report, required=True)
        if choice_id in {choice.id for choice in result}:
            report.add(entry.line_of("id"), f"id « {choice_id} » en double dans « {key} »")
        elif choice_id and text:
            html = unwrap_paragraph(context.render(text))
            result.append(Choice(choice_id, text, html, fields.text(entry, "feedback", report)))
    if data.get(key) is None:
        report.add(data.line_of(key), f"champ « {key} » obligatoire manquant")
    elif isinstance(data[key], list) and len(data[key]) < 2:
        report.add(data.line_of(key), f"« {key} » doit proposer au moins deux éléments")
    return tuple(result)


def read_answer_ids(data: MarkedDict, report: Report, known: Collection[str]) -> tuple[str, ...]:
    """Read `answer` as ids, each of which must be one of `known`."""
    values = fields.items(data, "answer", report, scalar=True)
    if values is None or not known:
        return ()
    answer = []
    for index, value in enumerate(values):
        answer_id = fields.identifier(value)
        if answer_id is None or answer_id not in known:
            report.add(
                values.line_of(index),
                f"réponse « {value} » absente de la liste (ids possibles : {', '.join(known)})",
            )
        else:
            answer.append(answer_id)
    return tuple(answer)


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    type_name = "single"
    read_template = "questions/read/choices.html"
    answer_template = "questions/answer/single.html"
    typed = False
    keys = frozenset({"choices", "answer"})

    choices: tuple[Choice, ...]
    answer: str | None

    @classmethod
    def read(cls, data: MarkedDict, report: Report, context: ParseContext, *, graded: bool) -> dict[str, Any]:
        choices = read_choices(data, "choices", report, context)
        answer = read_answer_ids(data, report, [choice.id for choice in choices])
        raw = data.get("answer")
        if (raw is None and graded) or (isinstance(raw, list) and len(raw) != 1):
            report.add(
                data.line_of("answer"),
                "une question single a exactement une bonne réponse : answer: <id du choix>",
            )
        return {"choices": choices, "answer": answer[0] if answer else None}

    def fraction(self, response: object) -> float:
        return 1.0 if response == self.answer else 0.0

    def public_fields(self) -> dict[str, Any]:
        return {"choices": [choice.public_view() for choice in self.choices]}

    def answer_fields(self) -> dict[str, Any]:
        return choices_answer_view(self.choices, {self.answer} if self.answer else set())

    def read_value(self, value: str) -> str:
        if value not in {choice.id for choice in self.choices}:
            raise BadResponse(NOT_A_CHOICE)
        return value

    def response_html(self, response: Any) -> Markup:
        return Markup("").join(Markup(choice.html) for choice in chosen(self.choices, {response}))

    def why(self, response: Any, *, reveal: bool) -> list[dict[str, Any]]:
        """The note on the one option chosen: once wrong, it explains the error without naming the right one."""
        if not reveal and response == self.answer:
            return []
        return why_chosen(self.choices, {response})


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(Question):
    """Each right tick earns a share of the points, each wrong tick takes one away, never below 0."""

    type_name = "multiple"
    read_template = "questions/read/choices.html"
    answer_template = "questions/answer/multiple.html"
    typed = False
    keys = frozenset({"choices", "answer"})

    choices: tuple[Choice, ...]
    answer: frozenset[str]

    @classmethod
    def read(cls, data: MarkedDict, report: Report, context: ParseContext, *, graded: bool) -> dict[str, Any]:
        choices = read_choices(data, "choices", report, context)
        answer = read_answer_ids(data, report, [choice.id for choice in choices])
        if graded and data.get("answer") in (None, []):
            message = "une question multiple a au moins une bonne réponse : answer: [a, b]"
            report.add(data.line_of("answer"), message)
        return {"choices": choices, "answer": frozenset(answer)}

    def fraction(self, response: object) -> float:
        if isinstance(response, str) or not isinstance(response, Collection) or not self.answer:
            return 0.0
        ticked = {item for item in response if isinstance(item, str)}
        wrong = ticked & ({choice.id for choice in self.choices} - self.answer)
        return max(0, len(ticked & self.answer) - len(wrong)) / len(self.answer)

    def public_fields(self) -> dict[str, Any]:
        return {"choices": [choice.public_view() for choice in self.choices]}

    def answer_fields(self) -> dict[str, Any]:
        return choices_answer_view(self.choices, self.answer)

    def read_response(self, form: FormValues) -> list[str] | None:
        """The ticked choices, in the order shown; None when none is ticked."""
        ticked = {value.strip() for value in form.getlist(self.field_name)} - {""}
        if not ticked:
            return None
        if not ticked <= {choice.id for choice in self.choices}:
            raise BadResponse(NOT_A_CHOICE)
        return [choice.id for choice in chosen(self.choices, ticked)]

    def response_html(self, response: Any) -> Markup:
        return Markup("<br>").join(Markup(choice.html) for choice in chosen(self.choices, set(response)))

    def why(self, response: Any, *, reveal: bool) -> list[dict[str, Any]]:
        return why_chosen(self.choices, set(response)) if reveal else []
