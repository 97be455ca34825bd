"""Line items and the scores the tool sent: the LMS gradebook, in memory."""

from __future__ import annotations

import dataclasses
import math
import threading
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LineItem:
    id: int
    context_id: str
    label: str
    score_maximum: float
    resource_link_id: str | None = None
    resource_id: str | None = None
    tag: str | None = None
    start_date_time: str | None = None
    end_date_time: str | None = None


@dataclass(frozen=True)
class Score:
    """One score as received, kept even when a later one supersedes it.

    As in Moodle, `score_given` is only kept when `grading_progress` is FullyGraded;
    otherwise it is None (no grade) and what the tool sent is in `ignored_score_given`,
    so the gradebook page can show what was dropped.
    """

    context_id: str
    line_item_id: int
    user_id: str
    activity_progress: str
    grading_progress: str
    timestamp: datetime
    score_given: float | None = None
    score_maximum: float | None = None
    comment: str | None = None
    ignored_score_given: float | None = None

    @property
    def graded(self) -> bool:
        return self.grading_progress == FULLY_GRADED


FULLY_GRADED = "FullyGraded"


class ScoreConflict(Exception):
    """A score for this user and line item at least as new (to the second) is already held."""


class LineItemGone(Exception):
    """The line item was deleted while its score was on its way."""


class Gradebook:
    """Thread-safe store; callers get copies, never the live containers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[int, LineItem] = {}
        self._scores: list[Score] = []
        self._conflicts: list[Score] = []  # scores refused with 409: a tool sending one result twice shows here
        self._latest: dict[tuple[int, str], Score] = {}
        self._next_id = 1

    @property
    def line_items(self) -> dict[int, LineItem]:
        with self._lock:
            return dict(self._items)

    @property
    def conflicts(self) -> list[Score]:
        with self._lock:
            return list(self._conflicts)

    @property
    def scores(self) -> list[Score]:
        with self._lock:
            return list(self._scores)

    def add(self, item: LineItem) -> LineItem:
        """Store a new line item under the next id (the id given is ignored)."""
        with self._lock:
            item = dataclasses.replace(item, id=self._next_id)
            self._items[item.id] = item
            self._next_id += 1
            return item

    def get(self, context_id: str, item_id: int) -> LineItem | None:
        with self._lock:
            item = self._items.get(item_id)
        return item if item is not None and item.context_id == context_id else None

    def find(self, context_id: str, resource_link_id: str | None = None,
             resource_id: str | None = None, tag: str | None = None) -> list[LineItem]:
        wanted = {"resource_link_id": resource_link_id, "resource_id": resource_id, "tag": tag}
        with self._lock:
            items = [i for i in self._items.values() if i.context_id == context_id]
        return [i for i in items if all(v is None or getattr(i, k) == v for k, v in wanted.items())]

    def replace(self, item: LineItem) -> bool:
        with self._lock:
            if item.id not in self._items:
                return False
            self._items[item.id] = item
            return True

    def delete(self, item_id: int) -> bool:
        """Remove the column and its grades, as a teacher deleting it in Moodle; False if already gone.

        Ids are never reused, so the deleted item's URL stays a 404; the arrival log keeps its scores.
        """
        with self._lock:
            found = self._items.pop(item_id, None) is not None
            self._latest = {k: v for k, v in self._latest.items() if k[0] != item_id}
            return found

    def record(self, score: Score) -> None:
        """Keep the score, or raise ScoreConflict as Moodle does, comparing whole seconds
        (LineItemGone if its line item was deleted meanwhile)."""
        key = (score.line_item_id, score.user_id)
        with self._lock:
            if score.line_item_id not in self._items:
                raise LineItemGone(f"Not Found: Grade item {score.line_item_id} doesn't exist")
            held = self._latest.get(key)
            if held is not None and _seconds(score.timestamp) <= _seconds(held.timestamp):
                self._conflicts.append(score)
                raise ScoreConflict(
                    f"a score with timestamp {held.timestamp.isoformat()} is already held "
                    f"for user {score.user_id!r} and line item {score.line_item_id}"
                )
            self._latest[key] = score
            self._scores.append(score)

    def results(self, item_id: int) -> list[Score]:
        """The newest score of each user for this line item."""
        with self._lock:
            return [s for (i, _), s in self._latest.items() if i == item_id]


def _seconds(moment: datetime) -> int:
    return math.floor(moment.timestamp())
