"""What every question type shares: common fields, parsing skeleton, points and public view."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from .. import fields
from ..marked_yaml import MarkedDict
from ..problems import Problem, Report

COMMON_KEYS = frozenset({"id", "type", "prompt", "points", "feedback", "graded", "section"})


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

    id: str
    prompt: str
    prompt_html: str
    feedback: str | None = None
    section: str | None = None
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
