"""Week by week: entries are rolling, so a learner's pace is counted from their own entry, not the calendar."""
from __future__ import annotations

from datetime import date

NURSERY_WEEKS = 5


def nursery_week(entry: date, today: date) -> int:
    """The learner's week since entry: 1 in their first seven days, 0 before they enter (a date to come)."""
    days = (today - entry).days
    return 0 if days < 0 else days // 7 + 1



def pace(week: int, completed: int, modules: int) -> str:
    """Where a learner stands against an even pace over the five weeks: « ahead » past what it has done by
    the end of this week, « behind » more than a module short of what it had done by the end of the last."""
    if week <= 0 or modules == 0:
        return "on_time"
    weeks = min(week, NURSERY_WEEKS)
    if completed < modules and completed > modules * weeks / NURSERY_WEEKS:
        return "ahead"
    return "behind" if completed + 1 < modules * (weeks - 1) / NURSERY_WEEKS else "on_time"
