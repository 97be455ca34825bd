"""The last downloads, read from the audit trail for the exports page: who took which file, when, of what.

The audit row names the file and its scope in `what` ("essais:cours",
"bilans:tous"); this module turns that back into words. Who may read which rows
is the caller's condition (an administrator their LMS, a tutor the courses they
follow, a mentor their own downloads).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import ColumnElement, select

from ..db import get_session
from ..models import AuditEvent, Context, Membership, User
from ..models.audit import EXPORT
from . import COURSE, person_columns, person_of

RECENT = 20
THIS_COURSE, EVERY_COURSE = "cours", "tous"


@dataclass(frozen=True)
class Download:
    at: datetime
    who: str
    what: str  # the file, in words
    scope: str  # the course it was taken from, or « tous ses cours »


def what(name: str, scope: str) -> str:
    """The audit row's `what` for a file (its name in the URL) and a scope (THIS_COURSE or EVERY_COURSE)."""
    return f"{name}:{scope}"


def recent(context_id: int, allowed: ColumnElement[bool] | None) -> list[Download]:
    """The last RECENT exports of the LMS that `context_id` belongs to, among the `allowed` ones; one query."""
    own_lms = select(Context.lms_id).where(Context.id == context_id).scalar_subquery()
    query = (
        select(AuditEvent.at, AuditEvent.what, COURSE, *person_columns(User, "who"))
        .select_from(AuditEvent)
        .outerjoin(Membership, Membership.id == AuditEvent.actor_id)
        .outerjoin(User, User.id == Membership.user_id)
        .outerjoin(Context, Context.id == AuditEvent.context_id)
        .where(AuditEvent.lms_id == own_lms, AuditEvent.action == EXPORT, *([] if allowed is None else [allowed]))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(RECENT)
    )  # fmt: skip
    files = _files()
    return [_download(row, files) for row in get_session().execute(query)]


def _download(row: Any, files: dict[str, str]) -> Download:
    name, _, scope = row.what.partition(":")
    where = gettext("Tous ses cours") if scope == EVERY_COURSE else (row.course or "")
    who = person_of(row, "who", True)  # staff; a mentor's page lists its own downloads alone
    return Download(row.at, who or gettext("Compte supprimé"), files.get(name, name), where)


def _files() -> dict[str, str]:
    return {"grille": gettext("Liste des apprenants"), "essais": gettext("Essais aux quiz"),
            "bilans": gettext("Bilans et suivis"), "presences": gettext("Présences")}  # fmt: skip
