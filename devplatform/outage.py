"""A switch that makes the AGS endpoints fail, as an LMS that is down or overloaded does.

The tool must keep scores it could not send and deliver them once the LMS answers
again; tests and the demo need an LMS that fails on demand to show it. The switch
lives on the Platform, beside the gradebook, so every thread of the server sees it,
and a fresh platform (each test's) starts with it off.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

# What an LMS, or the proxy in front of it, answers when it cannot serve: rate limited or down.
FAILURE_STATUSES = frozenset({429, 500, 502, 503, 504})


class Part(StrEnum):
    """Which endpoints fail: the score endpoint alone, or every AGS endpoint (line items, results too)."""

    SCORES = "scores"
    AGS = "ags"


@dataclass(frozen=True)
class OutagePlan:
    """`status` for the next `count` requests (None: until switched off), with an optional Retry-After."""

    status: int
    part: Part = Part.SCORES
    count: int | None = None
    retry_after: int | None = None

    def __post_init__(self) -> None:
        if self.status not in FAILURE_STATUSES:
            raise ValueError(f"status must be one of {sorted(FAILURE_STATUSES)}, got {self.status!r}")
        if self.count is not None and self.count < 1:
            raise ValueError(f"count must be a whole number >= 1 (or null), got {self.count!r}")
        if self.retry_after is not None and self.retry_after < 0:
            raise ValueError(f"retry_after must be a whole number of seconds >= 0, got {self.retry_after!r}")


class Outage:
    """The switch and how many requests it has refused; thread-safe, since werkzeug serves on threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._plan: OutagePlan | None = None
        self._refused = 0

    def start(self, plan: OutagePlan) -> None:
        with self._lock:
            self._plan = plan

    def stop(self) -> None:
        with self._lock:
            self._plan = None

    @property
    def plan(self) -> OutagePlan | None:
        with self._lock:
            return self._plan

    @property
    def refused(self) -> int:
        """Requests refused since this platform started: what a test checks the tool retried through."""
        with self._lock:
            return self._refused

    def take(self, part: Part) -> OutagePlan | None:
        """The plan if this request to `part` must fail, counting it; the switch turns off after `count`."""
        with self._lock:
            plan = self._plan
            if plan is None or (plan.part is Part.SCORES and part is not Part.SCORES):
                return None
            self._refused += 1
            if plan.count is not None:
                left = plan.count - 1
                self._plan = OutagePlan(plan.status, plan.part, left, plan.retry_after) if left else None
            return plan

    def state(self) -> dict[str, Any]:
        """The switch as the control endpoint reports it (`status` null when off)."""
        plan = self.plan
        described: dict[str, Any] = asdict(plan) if plan else {"status": None}
        return {**described, "refused": self.refused}

