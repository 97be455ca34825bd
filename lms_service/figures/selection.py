"""What the figures page is asked for, read from its URL: one course or all, a modality, a period of entry months.

Every value comes from the page's own GET form, so anything not on offer is a
ValueError (the view's 400), never a guess; whether a course id is one the
viewer follows is the view's question (its 404).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..models import ON_SITE, REMOTE

MONTHS_OFFERED = 36  # the period is chosen among the last three years' months
DEFAULT_MONTHS = 12
# The URL's words for a modality (the list's own, plus « not said »), and what each selects.
MODALITIES: dict[str, str | None] = {"presentiel": ON_SITE, "distance": REMOTE, "non_renseignee": None}
_MONTH = re.compile(r"\d{4}-\d{2}")
_ID_DIGITS = 12


@dataclass(frozen=True)
class Selection:
    """The learners counted: those who entered from `first` to the end of `last` (both first days of a month),
    in one course or in every course followed, of one modality or any."""

    first: date
    last: date
    course_id: int | None = None
    modality: str = ""  # "" for any, else a key of MODALITIES

    @property
    def months(self) -> list[date]:
        """The first day of each month of the period, oldest first."""
        return months_between(self.first, self.last)

    @property
    def end(self) -> date:
        """The period's last day."""
        return next_month(self.last) - timedelta(days=1)

    def args(self) -> dict[str, str]:
        """The URL's arguments for this selection (for the form's chosen options)."""
        values = {"cours": "" if self.course_id is None else str(self.course_id), "modalite": self.modality,
                  "du": month_key(self.first), "au": month_key(self.last)}  # fmt: skip
        return {key: value for key, value in values.items() if value}


def read_selection(args: Any, today: date) -> Selection:
    """The selection the URL asks for, the last twelve months by default; ValueError for a value not on offer."""
    offered = {month_key(month): month for month in months_offered(today)}
    oldest, newest = min(offered.values()), max(offered.values())
    last = _month(args.get("au"), offered, default=newest)
    first = _month(args.get("du"), offered, default=max(oldest, add_months(last, 1 - DEFAULT_MONTHS)))
    modality = args.get("modalite", "")
    if first > last or (modality and modality not in MODALITIES):
        raise ValueError("not on offer")
    return Selection(first, last, _course(args.get("cours", "")), modality)


def months_offered(today: date) -> list[date]:
    """The months a period may start or end in: the last MONTHS_OFFERED, this one included, oldest first."""
    return months_between(add_months(today.replace(day=1), 1 - MONTHS_OFFERED), today.replace(day=1))


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after `month`'s (before it when negative)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def next_month(month: date) -> date:
    return add_months(month, 1)


def month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _month(text: str | None, offered: dict[str, date], default: date) -> date:
    if text is None or text == "":
        return default
    if not _MONTH.fullmatch(text) or text not in offered:
        raise ValueError("not on offer")
    return offered[text]


def _course(text: str) -> int | None:
    """A course id as digits (checked as text first: int() of a 5,000-digit string raises), or None for all."""
    if text == "":
        return None
    if not text.isascii() or not text.isdigit() or len(text) > _ID_DIGITS:
        raise ValueError("not a course id")
    return int(text)
