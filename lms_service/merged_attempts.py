"""Uniting two memberships' attempts, what référents granted them and their results waiting for the LMS.

Called by tenancy when one person's two memberships of a course become one; like
tenancy it works on lightweight tables, and does nothing where a table does not
exist yet (migration 0003 unites memberships before attempts existed).

Every submitted attempt is kept, numbered again by when it started. A person
with an attempt in progress on both sides keeps the one answered last (the
other, never submitted, is dropped and said in the notes). Attempts granted add
up. Of two results waiting for the LMS, the newer stays: the next submission
recounts it under the module's rule.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

attempt = sa.table(
    "attempt",
    sa.column("id"), sa.column("membership_id"), sa.column("module_slug"), sa.column("number"),
    sa.column("started_at", sa.DateTime(timezone=True)), sa.column("submitted_at", sa.DateTime(timezone=True)),
)  # fmt: skip
answer = sa.table("answer", sa.column("attempt_id"), sa.column("saved_at", sa.DateTime(timezone=True)))
allowance = sa.table(
    "attempt_allowance",
    sa.column("membership_id"), sa.column("module_slug"), sa.column("extra_attempts"), sa.column("granted_by_id"),
)  # fmt: skip
outbox = sa.table(
    "grade_outbox", sa.column("id"), sa.column("membership_id"), sa.column("module_slug"),
    sa.column("timestamp", sa.DateTime(timezone=True)),
)  # fmt: skip


def merge_attempts(conn: Connection, keep: int, other: int, notes: list[str]) -> None:
    """Give `other`'s attempts, allowances and pending results to `keep`, uniting those of one module."""
    tables = set(sa.inspect(conn).get_table_names())
    if "attempt" in tables:
        _merge_attempts(conn, keep, other, notes)
    if "attempt_allowance" in tables:
        _merge_allowances(conn, keep, other)
    if "grade_outbox" in tables:
        _merge_outbox(conn, keep, other)


def _merge_attempts(conn: Connection, keep: int, other: int, notes: list[str]) -> None:
    rows = conn.execute(sa.select(attempt).where(attempt.c.membership_id.in_((keep, other)))).all()
    by_module: dict[str, list[Any]] = {}
    for row in rows:
        by_module.setdefault(row.module_slug, []).append(row)
    for slug, attempts in by_module.items():
        dropped = _older_open_attempts(conn, attempts)
        for attempt_id in dropped:
            conn.execute(sa.delete(answer).where(answer.c.attempt_id == attempt_id))
            conn.execute(sa.delete(attempt).where(attempt.c.id == attempt_id))
            notes.append(f"membership {keep}: an unsubmitted attempt at {slug} was dropped, the other one kept")
        kept = sorted((a for a in attempts if a.id not in dropped), key=_started)
        # Out of the way first: (membership, module, number) is unique at every step.
        for a in kept:
            conn.execute(sa.update(attempt).where(attempt.c.id == a.id).values(number=-a.id, membership_id=keep))
        for number, a in enumerate(kept, start=1):
            conn.execute(sa.update(attempt).where(attempt.c.id == a.id).values(number=number))


def _older_open_attempts(conn: Connection, attempts: list[Any]) -> list[int]:
    """Of two attempts in progress, the one answered less recently (one open attempt per module and person)."""
    open_ids = [a.id for a in attempts if a.submitted_at is None]
    if len(open_ids) < 2:
        return []
    last_saved = dict(
        conn.execute(
            sa.select(answer.c.attempt_id, sa.func.max(answer.c.saved_at))
            .where(answer.c.attempt_id.in_(open_ids))
            .group_by(answer.c.attempt_id)
        ).all()
    )
    started = {a.id: a.started_at for a in attempts}
    newest = max(open_ids, key=lambda i: (_moment(last_saved.get(i) or started[i]), i))
    return [i for i in open_ids if i != newest]


def _merge_allowances(conn: Connection, keep: int, other: int) -> None:
    mine = dict(
        conn.execute(
            sa.select(allowance.c.module_slug, allowance.c.extra_attempts).where(allowance.c.membership_id == keep)
        ).all()
    )
    for slug, extra in conn.execute(
        sa.select(allowance.c.module_slug, allowance.c.extra_attempts).where(allowance.c.membership_id == other)
    ).all():
        if slug in mine:
            conn.execute(
                sa.update(allowance)
                .where(allowance.c.membership_id == keep, allowance.c.module_slug == slug)
                .values(extra_attempts=mine[slug] + extra)
            )
            conn.execute(
                sa.delete(allowance).where(allowance.c.membership_id == other, allowance.c.module_slug == slug)
            )
        else:
            conn.execute(
                sa.update(allowance)
                .where(allowance.c.membership_id == other, allowance.c.module_slug == slug)
                .values(membership_id=keep)
            )
    conn.execute(sa.update(allowance).where(allowance.c.granted_by_id == other).values(granted_by_id=keep))


def _merge_outbox(conn: Connection, keep: int, other: int) -> None:
    rows = conn.execute(sa.select(outbox).where(outbox.c.membership_id.in_((keep, other)))).all()
    by_module: dict[str, list[Any]] = {}
    for row in rows:
        by_module.setdefault(row.module_slug, []).append(row)
    for results in by_module.values():
        newest = max(results, key=lambda r: (_moment(r.timestamp), r.membership_id == keep))
        for row in results:
            if row.id != newest.id:
                conn.execute(sa.delete(outbox).where(outbox.c.id == row.id))
        conn.execute(sa.update(outbox).where(outbox.c.id == newest.id).values(membership_id=keep))


def _started(row: Any) -> tuple[str, int]:
    return (_moment(row.started_at), row.id)


def _moment(value: Any) -> str:
    """Times that SQLite may give naive and PostgreSQL aware, compared as text; None first."""
    return "" if value is None else value.replace(tzinfo=None).isoformat()
