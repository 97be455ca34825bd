"""When a local day begins, in SQL: « on or after day 28 after entry » compares a stored UTC time with a date.

An entry date is a day in Europe/Paris; `last_activity_at` is a UTC moment.
Day 28 begins at local midnight, which is 22:00 or 23:00 UTC the day before
depending on summer time — the offset of the day 28 days later, not of the
entry day. PostgreSQL knows time zones and reads the midnight AT TIME ZONE.
SQLite does not: the offsets of the days in the period are worked out here, as
the few runs of days that share one (summer time starts and ends once a year
each), and SQLite shifts each date by its run's offset, which gives the same
moment, in the text form SQLAlchemy stores times in on SQLite.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func


def day_start(day: Any, days: int, zone: str, span: tuple[date, date],
              dialect: str) -> ColumnElement[Any]:  # fmt: skip
    """The UTC moment the local day `day + days` begins in `zone`, for dates `day` within `span` (both ends
    included: on SQLite a date outside it gets the offset of the nearest end's run)."""
    if dialect == "postgresql":
        return func.timezone(zone, day + timedelta(days=days))
    runs = offset_runs(span, days, zone)
    shifts = [f"{-minutes} minutes" for _, minutes in runs]
    shift: Any = shifts[0]
    if len(runs) > 1:  # each run's shift up to the day the next run starts
        shift = case(*((day < start, before) for (start, _), before in zip(runs[1:], shifts, strict=False)),
                     else_=shifts[-1])  # fmt: skip
    return func.datetime(day, f"+{days} days", shift)


def offset_runs(span: tuple[date, date], days: int, zone: str) -> list[tuple[date, int]]:
    """The days of `span` in runs whose day `+ days` starts at the same UTC offset: (first day, minutes east)."""
    tz, runs = ZoneInfo(zone), list[tuple[date, int]]()
    day = span[0]
    while day <= span[1]:
        offset = datetime.combine(day + timedelta(days=days), time(), tz).utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        if not runs or runs[-1][1] != minutes:
            runs.append((day, minutes))
        day += timedelta(days=1)
    return runs or [(span[0], 0)]
