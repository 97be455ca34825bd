"""What every question type shares: common fields, parsing skeleton, points, answering and feedback.

A type reads a learner's answer from the submitted form (`read_response`: the
form is hostile, so anything it cannot take is a BadResponse with a plain
message, never an exception of another kind), scores it (`score`), and says
afterwards what was right or not (`feedback_view`). Its templates draw it for
reading, for answering (from the public view and the learner's own answer, never
the expected one) and the shared feedback frame draws `feedback_view`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Self

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from .. import fields
from ..marked_yaml import MarkedDict
from ..problems import Problem, Report

COMMON_KEYS = frozenset({"id", "type", "prompt", "points", "feedback", "graded", "section", "passage"})
# Longest answers kept: a short text answer, and a survey's free comment.
MAX_SHORT_ANSWER = 300
MAX_FREE_ANSWER = 2000


class BadResponse(ValueError):
    """An answer the question cannot take; its message is said to the learner as it is."""


class FormValues(Protocol):
    """A submitted form (werkzeug's MultiDict): every value sent under a name."""

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class ParseContext:
    """What a question needs from its module while parsed: where to report, how to render."""

    path: str
    render: Callable[[str], str]


@dataclass(frozen=True, kw_only=True)
class Question:
    """A question as written in a ```quiz block; subclasses add their fields and scoring."""

    type_name: ClassVar[str]
    keys: ClassVar[frozenset[str]] = frozenset()
    graded_type: ClassVar[bool] = True
    # Draws the question's body for reading from `view` (its public view); the frame is shared.
    read_template: ClassVar[str] = "questions/read/prompt_only.html"
    # Draws its fields for answering from `view` and `response` (the learner's own answer, or None).
    answer_template: ClassVar[str] = "questions/answer/short_text.html"
    # Answered by typing (a number, a word, a comment): what was typed can be shown again to correct it.
    typed: ClassVar[bool] = True

    id: str
    prompt: str
    prompt_html: str
    feedback: str | None = None
    section: str | None = None
    passage: str | None = None
    """The id of the ```passage block this question is about: drawn with it, below it."""
    points: float = 1.0
    graded: bool = True
    line: int

    @classmethod
    def parse(cls, data: MarkedDict, context: ParseContext) -> Self | list[Problem]:
        """Validate a quiz block; return the question, or every problem found in it."""
        report = Report(context.path)
        fields.check_keys(data, COMMON_KEYS | cls.keys, report, f"pour une question {cls.type_name}")
        prompt = fields.text(data, "prompt", report, required=True)
        points = fields.number(data, "points", report, low=0)
        graded = fields.boolean(data, "graded", report) is not False
        common: dict[str, Any] = {
            "id": fields.ident(data, "id", report, required=True),
            "prompt": prompt,
            "prompt_html": context.render(prompt) if prompt else "",
            "feedback": fields.text(data, "feedback", report),
            "section": fields.ident(data, "section", report),
            "passage": fields.ident(data, "passage", report),
            "points": 1.0 if points is None else points,
            "graded": graded,
            "line": data.line,
        }
        specific = cls.read(data, report, context, graded=graded)
        return report.problems or cls(**common, **specific)

    @classmethod
    def read(cls, data: MarkedDict, report: Report, context: ParseContext, *, graded: bool) -> dict[str, Any]:
        """Read the fields of this type; an ungraded question (a survey's) may have no answer."""
        return {}

    @property
    def points_possible(self) -> float:
        return self.points if self.graded_type and self.graded else 0.0

    def score(self, response: object) -> tuple[float, float]:
        """(points earned, points possible); a malformed response earns 0, it never raises."""
        possible = self.points_possible
        if not possible:
            return 0.0, 0.0
        return round(self.fraction(response) * possible, 4), possible

    def fraction(self, response: object) -> float:
        """Share of the points earned by `response`, from 0 to 1."""
        return 0.0

    def public_view(self) -> dict[str, Any]:
        """What the browser may see before submission: never answers, tolerance or feedback."""
        view = {"id": self.id, "type": self.type_name, "prompt": self.prompt_html}
        return view | {"points": self.points_possible} | self.public_fields()

    def public_fields(self) -> dict[str, Any]:
        return {}

    def answer_view(self) -> dict[str, Any]:
        """What a trainer's preview shows under the question; never given to a learner's page.

        `expected` holds the right answers as safe HTML, in order when `ordered`.
        """
        view = {"graded": bool(self.points_possible), "section": self.section, "feedback": self.feedback}
        return view | {"expected": [], "ordered": False, "choices": []} | self.answer_fields()

    def answer_fields(self) -> dict[str, Any]:
        return {}

    @property
    def field_name(self) -> str:
        """The form field (or the prefix of the fields) that carries this question's answer."""
        return f"q-{self.id}"

    def field_names(self) -> frozenset[str]:
        """Every form field this question reads."""
        return frozenset({self.field_name})

    def read_response(self, form: FormValues) -> Any:
        """The answer in the submitted form, as stored and scored; None when left blank."""
        # A browser sends a line break as CRLF; its maxlength counted one character.
        values = [value.replace("\r\n", "\n").strip() for value in form.getlist(self.field_name)]
        values = [value for value in values if value]
        if not values:
            return None
        if len(values) > 1:
            raise BadResponse(_l("Une seule réponse est attendue pour cette question."))
        return self.read_value(values[0])

    def typed_back(self, form: FormValues) -> str | None:
        """What the learner typed in this question's field, to show it again when it must be corrected."""
        values = form.getlist(self.field_name)
        return values[0][:MAX_FREE_ANSWER] if self.typed and values else None

    def read_value(self, value: str) -> Any:
        """One non-blank value typed or chosen by the learner (types with one field)."""
        return short_answer(value, MAX_SHORT_ANSWER)

    def response_html(self, response: Any) -> Markup:
        """The learner's answer as the feedback shows it."""
        return escape(response) if isinstance(response, str) else Markup("")

    def why(self, response: Any, *, reveal: bool) -> list[dict[str, Any]]:
        """What the trainer wrote about the options the learner chose, when it gives nothing away.

        Before the answers may be shown, a note on a right option would tell which
        options are right (ticking them all would reveal a multiple choice): only
        types whose notes cannot do that show some then (SingleChoice).
        """
        return []

    def feedback_view(self, response: Any, *, reveal: bool) -> dict[str, Any]:
        """What the learner sees after submitting: right or not, why, and the expected answer if `reveal`.

        The expected answer and the question's explanation (which often gives it away) are
        shown only when `reveal` (after a pass or the last attempt) or once answered right:
        otherwise a new attempt would pass from memory.
        """
        earned, possible = self.score(response)
        correct = bool(possible) and earned >= possible
        return {
            "answered": response is not None,
            "graded": bool(possible),
            "correct": correct,
            "partial": 0 < earned < possible,
            "earned": earned,
            "possible": possible,
            "your_answer": self.response_html(response) if response is not None else None,
            "why": self.why(response, reveal=reveal or correct) if response is not None else [],
            "explanation": self.feedback if (reveal or correct) else None,
            "expected": self.answer_view()["expected"] if reveal and possible and not correct else [],
            "ordered": self.answer_view()["ordered"],
        }


def short_answer(value: str, limit: int) -> str:
    """A typed answer, refused past `limit` characters."""
    if len(value) > limit:
        raise BadResponse(_l("Votre réponse est trop longue (%(limit)s caractères au plus).", limit=limit))
    return value
