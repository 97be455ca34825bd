"""Uniting two memberships' roster facts and référent links (issue 13's columns), for tenancy's merge.

Called before the removed membership is deleted: whoever pointed at it (as
their référent, or as who set a référent or a learner's facts) points at the
kept one instead, so nothing falls to NULL with the delete. Like
merged_attempts, it checks the columns exist: migration 0003 calls the merge
on a schema that has none of them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

POINTERS = ("referent_id", "referent_set_by_id", "facts_set_by_id")
FACTS = ("referent_id", "referent_set_at", "entry_date_estimated", "roster_seen_at", "left_at")
membership = sa.table(
    "membership", sa.column("id"), sa.column("referent_id"), sa.column("referent_set_by_id"),
    sa.column("facts_set_by_id"), sa.column("referent_set_at", sa.DateTime(timezone=True)),
    sa.column("entry_date_estimated"), sa.column("roster_seen_at", sa.DateTime(timezone=True)),
    sa.column("left_at", sa.DateTime(timezone=True)),
)  # fmt: skip


def merge_roster_facts(conn: Connection, keep: int, other: int) -> None:
    """Point every link to `other` at `keep`, and give `keep` the facts of the two."""
    if "referent_id" not in {column["name"] for column in sa.inspect(conn).get_columns("membership")}:
        return
    rows = {row.id: row for row in conn.execute(sa.select(membership).where(membership.c.id.in_((keep, other))))}
    values = _united(rows[keep], rows[other], keep, other)
    for pointer in POINTERS:
        column = membership.c[pointer]
        conn.execute(sa.update(membership).where(column == other).values({pointer: keep}))
    conn.execute(sa.update(membership).where(membership.c.id == keep).values(**values))


def _united(first: Any, second: Any, keep: int, other: int) -> dict[str, Any]:
    """The référent set last, an entry date estimated only if both were, in the course if either is."""
    newest = second if _key(second.referent_set_at) > _key(first.referent_set_at) else first
    referent = newest.referent_id if newest.referent_id not in (keep, other) else None
    return {
        "referent_id": referent, "referent_set_at": newest.referent_set_at,
        "entry_date_estimated": bool(first.entry_date_estimated and second.entry_date_estimated),
        "roster_seen_at": max((t for t in (first.roster_seen_at, second.roster_seen_at) if t), default=None, key=_key),
        "left_at": None if first.left_at is None or second.left_at is None else max(first.left_at, second.left_at, key=_key),
    }  # fmt: skip


def _key(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else float("-inf")
