"""The page's lines, summed from the grouped counts: the whole selection, each month, modality and course.

Every share keeps its count and what it is a share of, so the page never
shows a percentage without the number of learners beside it.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import format_number, format_percent, gettext

from ..models.records import ENTERED_TRAINING, FOLLOW_UP_MONTHS, FOLLOW_UP_STATES, OUTCOMES, PROJECT_DEFINED
from .queries import Cohort


@dataclass(frozen=True)
class Share:
    count: int
    total: int

    @property
    def percent(self) -> int | None:
        """Rounded half up (an eighth is 13 %, not Python's 12); None when there is nobody to count."""
        return (200 * self.count + self.total) // (2 * self.total) if self.total else None

    def words(self, empty: str | None = None) -> str:
        """« 3 sur 5 (60 %) »; `empty` (« aucune personne ») when there is nobody to count."""
        if self.percent is None:
            return empty or gettext("aucune personne")
        return gettext("%(count)s sur %(total)s (%(percent)s)", count=format_number(self.count),
                       total=format_number(self.total), percent=percent_words(self.percent))  # fmt: skip


def percent_words(percent: int) -> str:
    return format_percent(Decimal(percent) / 100)


@dataclass
class Line:
    """The learners of one month, modality, course, or of the whole selection."""

    key: object
    label: str
    entered: int = 0
    counted: int = 0
    stayed: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def add(self, cohort: Cohort) -> None:
        self.entered += cohort.entered
        self.counted += cohort.counted
        self.stayed += cohort.stayed
        if cohort.outcome is not None:
            self.outcomes[cohort.outcome] += cohort.entered

    @property
    def retention(self) -> Share:
        return Share(self.stayed, self.counted)

    @property
    def reviews(self) -> int:
        return sum(self.outcomes.values())

    def outcome(self, outcome: str) -> Share:
        return Share(self.outcomes[outcome], self.reviews)

    @property
    def onward(self) -> Share:
        """Into training or with a training project defined: the programme's aim for the nursery's end."""
        return Share(self.outcomes[ENTERED_TRAINING] + self.outcomes[PROJECT_DEFINED], self.reviews)


@dataclass(frozen=True)
class Figures:
    total: Line
    months: list[Line]
    modalities: list[Line]
    courses: list[Line]
    outcomes: list[tuple[str, Share]]  # every outcome, in the form's order, of the selection's reviews
    follow_ups: dict[int, list[tuple[str, Share]]]  # by month after the review: every state, of those noted


def tally(cohorts: Iterable[Cohort], follow_ups: dict[tuple[int, str], int], months: Sequence[tuple[date, str]],
          modalities: Sequence[tuple[str | None, str]], courses: Sequence[tuple[int, str]]) -> Figures:  # fmt: skip
    """Sum the counts into a line per month, modality and course (the (key, label) pairs given, in their order)."""
    total = Line(None, gettext("Ensemble"))
    by_month, by_modality, by_course = (_lines(pairs) for pairs in (months, modalities, courses))
    for cohort in cohorts:
        total.add(cohort)
        for lines, key in ((by_month, cohort.month), (by_modality, cohort.modality), (by_course, cohort.course_id)):
            if key in lines:
                lines[key].add(cohort)
    noted = {months: sum(follow_ups.get((months, state), 0) for state in FOLLOW_UP_STATES)
             for months in FOLLOW_UP_MONTHS}  # fmt: skip
    return Figures(
        total, list(by_month.values()), list(by_modality.values()), list(by_course.values()),
        [(outcome, total.outcome(outcome)) for outcome in OUTCOMES],
        {months: [(state, Share(follow_ups.get((months, state), 0), noted[months])) for state in FOLLOW_UP_STATES]
         for months in FOLLOW_UP_MONTHS},
    )  # fmt: skip


def _lines(pairs: Sequence[tuple[object, str]]) -> dict[object, Line]:
    return {key: Line(key, label) for key, label in pairs}
