"""What a round of sends means for a result: sent, tried again later, or stopped with its reason.

Pure, so each case is tested without an LMS: the worker gathers what every
column answered and asks here what to record.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from lti.services import AgsOutcome

from ..models.grades import FAILED, NO_COLUMN, NOT_GRADABLE, PENDING, SENT

MAX_TRIES = 60  # with a 30 s base doubling to the 1 h cap: about two and a half days (an LMS down over a
# weekend), then `failed` until `flask grades retry`
BACKOFF_CAP = timedelta(hours=1)
HELD = ("delivered", "conflict")  # a 409 means the LMS already holds a score at least as new: delivered


@dataclass(frozen=True)
class Decision:
    status: str
    next_attempt_at: datetime | None = None
    error_kind: str | None = None
    error: str | None = None


def retry_later(tries: int, now: datetime, base: timedelta, kind: str, error: str) -> Decision:
    """Another try after the backoff, or `failed` past MAX_TRIES: for what must wait but not forever."""
    if tries >= MAX_TRIES:
        return Decision(FAILED, error_kind=kind, error=error)
    return Decision(PENDING, now + _backoff(tries, base, None, None), kind, error)


def decide(outcomes: Mapping[str, AgsOutcome], *, tries: int, now: datetime, base: timedelta,
           rng: random.Random | None = None) -> Decision:  # fmt: skip
    """The row's next state from each column's answer (`outcomes` by line item URL) after `tries` rounds."""
    if not outcomes:
        return Decision(NO_COLUMN, error_kind="no_column", error="aucune colonne du carnet de notes pour ce module")
    failures = [outcome for outcome in outcomes.values() if outcome.kind not in HELD]
    if not failures:
        return Decision(SENT)
    worst = _worst(failures)
    if worst.kind == "retry":
        if tries >= MAX_TRIES:
            return Decision(FAILED, error_kind="retry", error=f"toujours en échec après {tries} essais : {worst.detail}")
        return Decision(PENDING, now + _backoff(tries, base, worst.retry_after, rng), "retry", worst.detail)
    if worst.kind in ("not_gradable", "course_closed"):
        return Decision(NOT_GRADABLE, error_kind=worst.kind, error=worst.detail)
    if worst.kind == "gone" and len(failures) == len(outcomes):
        return Decision(NO_COLUMN, error_kind="gone", error=worst.detail)
    if worst.kind == "gone":
        return Decision(SENT)  # the other columns have it; the deleted one is the teacher's choice
    return Decision(FAILED, error_kind=worst.kind, error=worst.detail)


def _worst(failures: list[AgsOutcome]) -> AgsOutcome:
    """The failure that decides: one worth retrying first (the others may then succeed), then a refusal."""
    order = ("retry", "refused", "not_gradable", "course_closed", "gone")
    return min(failures, key=lambda outcome: order.index(outcome.kind) if outcome.kind in order else 0)


def _backoff(tries: int, base: timedelta, retry_after: float | None, rng: random.Random | None) -> timedelta:
    """Exponential with jitter (0.5 to 1.5 times), capped; the LMS's Retry-After when it is longer."""
    wait = min(base * (2 ** max(tries - 1, 0)), BACKOFF_CAP) * (rng or random).uniform(0.5, 1.5)
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=min(retry_after, BACKOFF_CAP.total_seconds())))
    return wait
