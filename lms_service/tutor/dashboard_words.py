"""Every word the dashboard repeats, translated once per page.

A page of 50 learners × 16 modules asked the translations for the same few
words a thousand times; the template now reads them from these dictionaries.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date, get_locale, get_timezone, gettext

from ..db import as_utc
from ..models import COMPLETED, IN_PROGRESS, ON_SITE, READ, REMOTE
from ..risk.reasons import all_words
from ..risk.rules import Rules
from .weeks import NURSERY_WEEKS

MAX_WEEK = 60


@dataclass(frozen=True)
class DashboardWords:
    modality: dict[str | None, str]
    status: dict[str, str]
    reasons: dict[int, tuple[str, ...]]
    week: dict[int, str]
    pace: dict[str, str]
    labels: dict[str, str]

    def week_of(self, week: int) -> str:
        return self.week.get(week) or gettext("Semaine %(n)s (après la nurserie)", n=week)


class Days:
    """Dates as the list shows them, each distinct day formatted once per page (Babel's formatting is what a
    list of 50 spent most on)."""

    def __init__(self) -> None:
        self._zone = get_timezone()
        self._days: dict[date, str] = {}

    def day(self, value: date) -> str:
        if value not in self._days:
            self._days[value] = format_date(value, "medium")
        return self._days[value]

    def moment(self, value: datetime) -> str:
        """The day and the hour in the service's time zone."""
        local = as_utc(value).astimezone(self._zone)
        return f"{self.day(local.date())} {local:%H:%M}"


def dashboard_words(rules: Rules) -> DashboardWords:
    """The words in the request's language for these rules, translated once per process and language."""
    return _words(str(get_locale()), rules)


@functools.lru_cache(maxsize=64)
def _words(locale: str, rules: Rules) -> DashboardWords:  # the locale: part of the cache's key
    weeks = {n: gettext("Semaine %(n)s sur %(total)s", n=n, total=NURSERY_WEEKS) for n in range(1, NURSERY_WEEKS + 1)}
    after = {n: gettext("Semaine %(n)s (après la nurserie)", n=n) for n in range(NURSERY_WEEKS + 1, MAX_WEEK)}
    return DashboardWords(
        modality={ON_SITE: gettext("Présentiel"), REMOTE: gettext("À distance"), None: gettext("Non renseignée")},
        status={COMPLETED: gettext("Terminé"), READ: gettext("Lu, réponses à donner"), IN_PROGRESS: gettext("En cours"),
                "": gettext("Pas commencé")},  # fmt: skip
        reasons=all_words(rules),
        week=weeks | after,
        pace={"ahead": gettext("en avance"), "on_time": gettext("dans les temps"), "behind": gettext("en retard")},
        labels=_labels(),
    )


def _labels() -> dict[str, str]:
    return {
        "choose": gettext("Choisir"), "referent": gettext("Référent"), "modality": gettext("Modalité"),
        "entry": gettext("Entrée"), "estimated": gettext("estimée"), "nursery": gettext("Nurserie : modules terminés"),
        "activity": gettext("Dernière activité"), "no_referent": gettext("Sans référent"),
        "never": gettext("Aucune connexion"), "no_activity": gettext("Jamais"), "at_risk": gettext("À appeler"),
        "done": gettext("Nurserie terminée"), "course": gettext("Cours"), "minutes": gettext("min"),
    }  # fmt: skip
