"""Week by week: entries are rolling, so a learner's pace is counted from their own entry, not the calendar."""
from __future__ import annotations

from datetime import date

NURSERY_WEEKS = 5


def nursery_week(entry: date, today: date) -> int:
    """The learner's week since entry: 1 in their first seven days, 0 before they enter (a date to come)."""
    days = (today - entry).days
    return 0 if days < 0 else days // 7 + 1
