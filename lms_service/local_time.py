"""Days as the programme lives them: in the référents' and learners' zone (Europe/Paris), not in UTC.

Times are stored in UTC; a day written down (an entry date, a session, a review)
and « today » are Paris days. One place turns one into the other.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import get_timezone

from .db import utcnow


def local_day(moment: datetime) -> date:
    """The Paris day of a stored moment (a launch at 00:30 in Paris belongs to that day, not to UTC's)."""
    return moment.astimezone(get_timezone()).date()


def paris_today() -> date:
    """Today in Paris."""
    return local_day(utcnow())


def noon(day: date, now: datetime) -> datetime:
    """That day at noon, Paris time, in UTC, and never later than now: a day's presence or module, as a moment.

    Noon rather than midnight: a day in Paris is the same day in UTC at noon, summer or winter.
    """
    zone = ZoneInfo(str(get_timezone()))  # Flask-Babel hands a pytz zone; its name gives the zoneinfo one
    return min(datetime.combine(day, time(12), tzinfo=zone).astimezone(UTC), now)
