"""The parsed form of a module: what the rest of the application reads."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .questions import Question

KINDS = ("initiation", "soft-skills", "entry-test", "survey", "reference")
REFERENCE = "reference"  # a page to consult (financing, the job families side by side): no progress, no grade
KEPT_ATTEMPTS = ("best", "last")
"""Which attempt counts for a graded module: the best one, or the last one submitted."""


@dataclass(frozen=True)
class Section:
    """A part of the entry test: `draw` questions are picked from its bank at each attempt."""

    id: str
    title: str
    draw: int
    pass_score: int | None
    line: int
    # Modules that help to do better in this part, offered when a result is below `pass_score`.
    prepare: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a trainer checked the facts, shown so learners can check them too."""

    title: str
    url: str | None


@dataclass(frozen=True, kw_only=True)
class FrontMatter:
    """The header of module.md, once validated."""

    slug: str
    title: str
    kind: str
    family: str | None = None
    duration_minutes: int | None = None
    objectives: tuple[str, ...] = ()
    pass_score: int | None = None
    max_attempts: int = 0
    kept_attempt: str = "best"
    time_limit_minutes: int | None = None
    sections: tuple[Section, ...] = ()
    # The first names of the module's characters: each belongs to one module of the programme only.
    personas: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Passage:
    """A text read before several questions of the entry test (a job offer, an e-mail).

    Written once in a ```passage block, rendered once per module version; its questions
    (`passage: <id>`) are drawn with it, all together, and it is shown once above them.
    """

    id: str
    section: str
    text: str
    html: str
    line: int
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Segment:
    """A piece of a page in reading order: rendered text, or the place of a question (and its number).

    A passage is a text segment that says which passage it is, so a view can frame it.
    """

    html: str = ""
    question_id: str | None = None
    number: int = 0
    passage_id: str | None = None


@dataclass(frozen=True)
class Page:
    """One `## ` page, rendered once per module version and cut where its questions go.

    The questions were lifted out of the Markdown before rendering, so the text holds no
    answer; each is drawn from its parsed form where its segment says.
    """

    id: str
    title: str
    segments: tuple[Segment, ...]
    line: int

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(segment.question_id for segment in self.segments if segment.question_id)

    @property
    def html(self) -> str:
        """The page's text, without its questions."""
        return "".join(segment.html for segment in self.segments)


@dataclass(frozen=True, kw_only=True)
class Module(FrontMatter):
    """A loaded module; `version` is the content hash, so anything derived from it can be cached."""

    version: str
    directory: Path
    pages: tuple[Page, ...]
    questions: Mapping[str, Question]
    passages: Mapping[str, Passage]

    def __hash__(self) -> int:
        """By version, so a module can key a cache (its mappings are not hashable)."""
        return hash(self.version)

    @property
    def tracked(self) -> bool:
        """Counted in a learner's progress: every kind but a reference page."""
        return self.kind != REFERENCE

    @cached_property
    def answers_due(self) -> bool:
        """Reading is not enough to complete it: a quiz with points to pass, or a test or survey to submit."""
        return self.submitted_completes or any(question.points_possible for question in self.questions.values())

    @cached_property
    def scored(self) -> bool:
        """Its result is a grade for the LMS: a pass score and questions with points (any kind of module)."""
        return self.pass_score is not None and any(question.points_possible for question in self.questions.values())

    @property
    def submitted_completes(self) -> bool:
        """Completed once submitted, whatever pages were read: the entry test and the survey."""
        return self.kind in ("entry-test", "survey")

    def page(self, page_id: str) -> Page | None:
        return next((page for page in self.pages if page.id == page_id), None)

    def page_index(self, page_id: str) -> int | None:
        return next((index for index, page in enumerate(self.pages) if page.id == page_id), None)
