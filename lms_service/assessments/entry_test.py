"""The entry test: drawn at each attempt, timed by the server, a few questions per screen, scored per section.

An attempt keeps its draw (assessments.draw), so it is shown again exactly as it
was: after a reload, a relaunch from the LMS, or to the référent later. Its end
is a deadline kept with it (the module's time limit and the minutes a référent
added), checked by the server on every request: answers sent after it are not
taken, and the attempt is closed at its deadline with what was saved by then.
A few seconds of grace cover the trip of a form sent just before the end.
"""
from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ..content import Module, Question, Section
from ..db import as_utc
from ..models import Attempt
from .attempts import Plan, questions_of, submit
from .draw import DrawnSection, draw, from_json, to_json

ENTRY_TEST = "entry-test"
QUESTIONS_PER_SCREEN = 3  # a passage and its questions always share a screen, however many
GRACE = timedelta(seconds=30)


@dataclass(frozen=True)
class Screen:
    """What the learner sees at once: one section's title, a passage or a few questions."""

    number: int
    section: Section
    drawn: DrawnSection
    items: tuple[Any, ...]  # the draw's units (a passage with its questions, or a question alone)

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(qid for item in self.items for qid in item.question_ids)


@dataclass(frozen=True)
class SectionScore:
    section: Section
    given: float
    maximum: float

    @property
    def percent(self) -> int:
        return int(100 * self.given / self.maximum) if self.maximum else 0

    @property
    def passed(self) -> bool:
        return self.section.pass_score is None or 100 * self.given >= self.section.pass_score * self.maximum


def plan(module: Module, now: datetime, extra_minutes: int, rng: random.Random | None = None) -> Plan:
    """A new attempt's questions, drawn now, and its deadline."""
    drawn = draw(module, rng or random.Random(secrets.randbits(64)))
    minutes = (module.time_limit_minutes or 0) + extra_minutes
    deadline = now + timedelta(minutes=minutes) if module.time_limit_minutes else None
    ids = [qid for part in drawn for qid in part.question_ids]
    return Plan(question_ids=ids, drawn=to_json(drawn), deadline_at=deadline)


def drawn_of(module: Module, attempt: Attempt) -> tuple[DrawnSection, ...]:
    """The attempt's draw as it was stored; UnusableDraw when the module no longer has what it names."""
    return from_json(attempt.drawn, module)


def screens(module: Module, drawn: Sequence[DrawnSection]) -> list[Screen]:
    """The draw cut into screens of a few questions, section by section, in the order drawn."""
    sections = {section.id: section for section in module.sections}
    cut: list[Screen] = []
    for part in drawn:
        batch: list[Any] = []
        for item in part.items:
            if batch and sum(len(i.question_ids) for i in batch) + len(item.question_ids) > QUESTIONS_PER_SCREEN:
                cut.append(Screen(len(cut) + 1, sections[part.section], part, tuple(batch)))
                batch = []
            batch.append(item)
        if batch:
            cut.append(Screen(len(cut) + 1, sections[part.section], part, tuple(batch)))
    return cut


def remaining(attempt: Attempt, now: datetime) -> timedelta | None:
    """Time left before the deadline (never below zero); None for an untimed attempt."""
    if attempt.deadline_at is None:
        return None
    return max(as_utc(attempt.deadline_at) - now, timedelta(0))


def is_late(attempt: Attempt, now: datetime) -> bool:
    """Past the deadline and its grace: what is sent now is not taken."""
    return attempt.deadline_at is not None and now > as_utc(attempt.deadline_at) + GRACE


def close_at_deadline(db: Session, attempt: Attempt, module: Module, answers: Mapping[str, Any]) -> Attempt:
    """Score a late attempt with the answers saved by its deadline, closed at the deadline."""
    assert attempt.deadline_at is not None
    return submit(db, attempt, module, answers, as_utc(attempt.deadline_at))


def section_scores(module: Module, attempt: Attempt, answers: Mapping[str, Any]) -> list[SectionScore]:
    """Points per section of the draw, against each section's threshold."""
    by_section: dict[str, list[Question]] = {}
    for question in questions_of(module, attempt):
        by_section.setdefault(question.section or "", []).append(question)
    scores = []
    for section in module.sections:
        points = [q.score(answers.get(q.id)) for q in by_section.get(section.id, [])]
        if points:
            scores.append(SectionScore(section, sum(p[0] for p in points), sum(p[1] for p in points)))
    return scores


