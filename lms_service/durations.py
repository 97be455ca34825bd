"""Reading times as people say them, for the référent's pages and the learner's own."""
from __future__ import annotations

from flask_babel import gettext


def duration_words(seconds: int) -> str:
    """A reading time as a référent says it: « moins d'une minute », « 12 min », « 1 h 05 »."""
    if seconds <= 0:
        return "–"
    if seconds < 60:
        return gettext("moins d'une minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return gettext("%(n)s min", n=minutes)
    return gettext("%(h)s h %(m)s", h=minutes // 60, m=f"{minutes % 60:02d}")
