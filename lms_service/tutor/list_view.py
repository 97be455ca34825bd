"""What the référent asked the list to show: whose learners, which ones, in which order — read from the URL.

Every value comes from a link or a GET form, so each is checked against what
is on offer; anything else is a 400, never a guess. The same view serves the
page and its CSV, so the file holds exactly the learners the page lists.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from flask import abort
from sqlalchemy import Select, and_, exists, not_, or_, select

from ..models import ON_SITE, REMOTE, Membership, ModuleProgress
from ..name_keys import like_pattern
from ..risk.rules import Rules, entry_test

SORTS = ("activite", "urgence", "nom", "entree")
CONNECTIONS = ("", "jamais", "venus")
MODALITIES = {"": None, "presentiel": ON_SITE, "distance": REMOTE}
STATUSES = ("", "risque", "terminee", "en_cours", "partis")  # partis: those the roster says left the course
ENTRY_TESTS = ("", "reussi", "sous_seuil", "pas_fait")
INACTIVE_DAYS = (0, 3, 7, 14)
COURSES = ("", "tous")  # this course, or every course the viewer follows in their LMS
LAYOUTS = ("", "grille")
SEARCH_MAX = 60


@dataclass(frozen=True)
class ListView:
    mine: bool | None = None  # None: « Mes apprenants » if the tutor follows anyone
    modality: str = ""
    connection: str = ""
    inactive_days: int = 0
    search: str = ""
    sort: str = "activite"
    status: str = ""
    entry_test: str = ""
    courses: str = ""
    layout: str = ""

    def args(self, **changes: Any) -> dict[str, Any]:
        """The URL's arguments for this view (with `changes`), for links and the CSV."""
        values = {"vue": None if self.mine is None else ("mes" if self.mine else "tous"), "modalite": self.modality,
                  "connexion": self.connection, "inactif": self.inactive_days or None, "q": self.search,
                  "tri": None if self.sort == "activite" else self.sort, "statut": self.status,
                  "test": self.entry_test, "cours": self.courses, "affichage": self.layout} | changes  # fmt: skip
        return {key: value for key, value in values.items() if value not in (None, "")}

    @property
    def narrowed(self) -> bool:
        """Some filter or search leaves learners out (an empty result then says so)."""
        return self != replace(ListView(), mine=self.mine, sort=self.sort, courses=self.courses, layout=self.layout)


def read_view(args: Any) -> ListView:
    """The view the URL asks for; a value not on offer is a 400."""
    vue, inactive = args.get("vue"), args.get("inactif", "0")
    chosen = {name: args.get(key, default) for name, key, default in _CHOICES}
    if vue not in (None, "mes", "tous") or any(chosen[name] not in offer for name, offer in _OFFERS.items()):
        abort(400)
    if inactive not in {str(days) for days in INACTIVE_DAYS}:  # compared as text: int() of 5,000 digits raises
        abort(400)
    search = " ".join(args.get("q", "").split())[:SEARCH_MAX]
    return ListView(None if vue is None else vue == "mes", inactive_days=int(inactive), search=search, **chosen)


_CHOICES = (("modality", "modalite", ""), ("connection", "connexion", ""), ("sort", "tri", "activite"),
            ("status", "statut", ""), ("entry_test", "test", ""), ("courses", "cours", ""),
            ("layout", "affichage", ""))  # fmt: skip
_OFFERS: dict[str, Any] = {"modality": MODALITIES, "connection": CONNECTIONS, "sort": SORTS, "status": STATUSES,
                           "entry_test": ENTRY_TESTS, "courses": COURSES, "layout": LAYOUTS}  # fmt: skip


def filtered(query: Select[Any], view: ListView, now: datetime, rules: Rules) -> Select[Any]:
    """`query` (over memberships) narrowed to the view's learners."""
    conditions = [*_facts(view, now), *_status(view), *_entry_test(view, rules)]
    if view.search:
        pattern = like_pattern(view.search)
        conditions.append(Membership.name_key.like(pattern, escape="\\"))
    return query.where(*conditions)


def _facts(view: ListView, now: datetime) -> list[Any]:
    found: list[Any] = []
    if MODALITIES[view.modality]:
        found.append(Membership.modality == MODALITIES[view.modality])
    if view.connection:
        found.append(Membership.first_launch_at.is_(None) if view.connection == "jamais"
                     else Membership.first_launch_at.is_not(None))  # fmt: skip
    if view.inactive_days:
        since = now - timedelta(days=view.inactive_days)
        found.append(or_(Membership.last_activity_at.is_(None), Membership.last_activity_at < since))
    return found


def _status(view: ListView) -> list[Any]:
    if view.status == "risque":
        return [Membership.risk_reasons != 0]
    if view.status == "terminee":
        return [Membership.nursery_done_at.is_not(None)]
    if view.status == "en_cours":
        return [Membership.nursery_done_at.is_(None), Membership.first_launch_at.is_not(None)]
    return []


def _entry_test(view: ListView, rules: Rules) -> list[Any]:
    """Whether the entry test is done, and above or below the alert's threshold."""
    if not view.entry_test:
        return []
    test = entry_test()
    scored = select(ModuleProgress.id).where(
        ModuleProgress.membership_id == Membership.id, ModuleProgress.module_slug == (test.slug if test else ""),
        ModuleProgress.score_percent.is_not(None))  # fmt: skip
    if view.entry_test == "pas_fait":
        return [not_(exists(scored))]
    above = ModuleProgress.score_percent >= rules.entry_test_percent
    return [exists(scored.where(above if view.entry_test == "reussi" else and_(not_(above))))]
