"""Calendar months as people count them: the same day some months later or earlier."""
from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import TypeVar

Day = TypeVar("Day", date, datetime)


def shift_months(day: Day, months: int) -> Day:
    """The same day (and time) `months` calendar months later, earlier when negative; the month's last day when
    it has fewer (31 January + 1 month: 28 or 29 February). A review's follow-ups, the retention of data."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))
