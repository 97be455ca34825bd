"""Every change to what a référent wrote keeps what it replaced: who changed it, when, and the earlier content.

A review's outcome is reported to funders months later; a corrected note must
still show that it was corrected. Before a row changes, `keep` copies the
fields it is about to lose into a `RecordRevision`, in the same transaction.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from ..db import get_session, utcnow
from ..models import RecordRevision


def keep(kind: str, row: Any, fields: Sequence[str], *, membership_id: int, by: int) -> None:
    """Store the row's current values of `fields` as a revision, before the caller changes them."""
    content = {name: plain(getattr(row, name)) for name in fields}
    get_session().add(RecordRevision(membership_id=membership_id, kind=kind, record_id=row.id, content=content,
                                     changed_by_id=by, changed_at=utcnow()))  # fmt: skip


def revisions(kind: str, record_ids: Sequence[int]) -> dict[int, list[RecordRevision]]:
    """Each record's earlier versions, the newest first, in one query for a whole page of records."""
    found: dict[int, list[RecordRevision]] = {record_id: [] for record_id in record_ids}
    if not record_ids:
        return found
    query = (select(RecordRevision).where(RecordRevision.kind == kind, RecordRevision.record_id.in_(record_ids))
             .order_by(RecordRevision.id.desc()))  # fmt: skip
    for revision in get_session().scalars(query):
        found[revision.record_id].append(revision)
    return found


def plain(value: object) -> object:
    """A value as a revision's JSON content holds it: dates as ISO text, the rest as they are."""
    return value.isoformat() if isinstance(value, date | datetime) else value
