"""The moment a day written down on site stands for in the stored (UTC) times."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import get_timezone


def noon(day: date, now: datetime) -> datetime:
    """That day at noon, Paris time, in UTC, and never later than now: a day's presence or module, as a moment.

    Noon rather than midnight: a day in Paris is the same day in UTC at noon, summer or winter.
    """
    zone = ZoneInfo(str(get_timezone()))  # Flask-Babel hands a pytz zone; its name gives the zoneinfo one
    return min(datetime.combine(day, time(12), tzinfo=zone).astimezone(UTC), now)
