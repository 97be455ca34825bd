"""What the référent asked the list to show: whose learners, which ones, in which order — read from the URL.

Every value comes from a link or a GET form, so each is checked against what
is on offer; anything else is a 400, never a guess. The same view serves the
page and its CSV, so the file holds exactly the learners the page lists.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import abort
from sqlalchemy import Select, or_

from ..models import ON_SITE, REMOTE, Membership, User

SORTS = ("activite", "nom", "entree")
CONNECTIONS = ("", "jamais", "venus")
MODALITIES = {"": None, "presentiel": ON_SITE, "distance": REMOTE}
INACTIVE_DAYS = (0, 3, 7, 14)
SEARCH_MAX = 60


@dataclass(frozen=True)
class ListView:
    mine: bool | None = None  # None: « Mes apprenants » if the tutor follows anyone
    modality: str = ""
    connection: str = ""
    inactive_days: int = 0
    search: str = ""
    sort: str = "activite"

    def args(self, **changes: Any) -> dict[str, Any]:
        """The URL's arguments for this view (with `changes`), for links and the CSV."""
        values = {"vue": None if self.mine is None else ("mes" if self.mine else "tous"), "modalite": self.modality,
                  "connexion": self.connection, "inactif": self.inactive_days or None, "q": self.search,
                  "tri": None if self.sort == "activite" else self.sort} | changes  # fmt: skip
        return {key: value for key, value in values.items() if value not in (None, "")}


def read_view(args: Any) -> ListView:
    """The view the URL asks for; a value not on offer is a 400."""
    vue, sort = args.get("vue"), args.get("tri", "activite")
    modality, connection = args.get("modalite", ""), args.get("connexion", "")
    inactive = args.get("inactif", "0")
    search = " ".join(args.get("q", "").split())[:SEARCH_MAX]
    if vue not in (None, "mes", "tous") or sort not in SORTS or modality not in MODALITIES or connection not in CONNECTIONS:
        abort(400)
    if not inactive.isdigit() or int(inactive) not in INACTIVE_DAYS:
        abort(400)
    mine = None if vue is None else vue == "mes"
    return ListView(mine, modality, connection, int(inactive), search, sort)


def filtered(query: Select[Any], view: ListView, now: datetime) -> Select[Any]:
    """`query` (memberships joined to their User as `User`) narrowed to the view's learners."""
    if MODALITIES[view.modality]:
        query = query.where(Membership.modality == MODALITIES[view.modality])
    if view.connection == "jamais":
        query = query.where(Membership.first_launch_at.is_(None))
    elif view.connection == "venus":
        query = query.where(Membership.first_launch_at.is_not(None))
    if view.inactive_days:
        since = now - timedelta(days=view.inactive_days)
        query = query.where(or_(Membership.last_activity_at.is_(None), Membership.last_activity_at < since))
    if view.search:
        pattern = "%" + view.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(User.name.ilike(pattern, escape="\\"), User.given_name.ilike(pattern, escape="\\"),
                                User.family_name.ilike(pattern, escape="\\")))  # fmt: skip
    return query


def ordering(view: ListView) -> tuple[Any, ...]:
    """The sort's columns, the membership id last so the order is total (pages never overlap)."""
    if view.sort == "nom":
        return (User.family_name.asc().nulls_last(), User.name.asc().nulls_last(), Membership.id)
    if view.sort == "entree":
        return (Membership.entry_date.desc(), Membership.id)
    return (Membership.last_activity_at.desc().nulls_last(), Membership.id)
