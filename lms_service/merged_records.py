"""Uniting two memberships' records of the nursery's end (issue 14's tables), for tenancy's merge.

Called before the removed membership is deleted, whose cascade would take its
notes, presences, review and follow-ups with it. Rows the removed membership
owns move to the kept one. Where both hold the row a learner has once (the
review; the 3- or 6-month follow-up; the orientation note of a family; the
presence at a session), the newer stays and the older is kept as a revision of
it (a presence has no history: the older status goes, and the notes say so).
Last, every other column that points at the removed membership (who wrote,
who marked, who read) points at the kept one: read from the database's own
foreign keys, so a later table's pointers follow without a change here.

Like merged_attempts, it works on lightweight tables and skips what a schema
does not have yet (migration 0003 calls the merge on a schema without them).
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .records.history import plain

# table: (the columns that make the row once per learner besides membership_id, its moment, its revisions' kind)
ONCE_PER_LEARNER: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]] = {
    "nursery_review": ((), ("updated_at", "written_at"), "review"),
    "review_follow_up": (("months",), ("set_at",), "follow_up"),
    "orientation_note": (("family",), ("set_at",), "orientation"),
    "attendance": (("session_id",), ("set_at",), None),
}
MANY_PER_LEARNER = ("record_revision", "tutor_note")
UNCHANGED = {"id", "membership_id"}


def merge_records(conn: Connection, keep: int, other: int, notes: list[str]) -> None:
    """Give `other`'s records to `keep`, the newer of two kept and the older as its revision."""
    tables = set(sa.inspect(conn).get_table_names())
    for name in MANY_PER_LEARNER:
        if name in tables:
            owned = _table(conn, name)
            conn.execute(sa.update(owned).where(owned.c.membership_id == other).values(membership_id=keep))
    for name, (keys, moments, kind) in ONCE_PER_LEARNER.items():
        if name in tables:
            _unite(conn, _table(conn, name), keys, moments, kind, keep, other, notes)
    _repoint(conn, keep, other)


def merge_course_records(conn: Connection, keep: int, other: int) -> None:
    """The removed course's on-site sessions and audit rows belong to the kept course (its delete would cascade)."""
    tables = set(sa.inspect(conn).get_table_names())
    for name in ("onsite_session", "audit_event"):
        if name in tables:
            table = sa.table(name, sa.column("context_id"))
            conn.execute(sa.update(table).where(table.c.context_id == other).values(context_id=keep))


def move_lms_records(conn: Connection, into: int, other: int) -> None:
    """The audit trail of LMS `other` becomes `into`'s: deleting `other` afterwards would cascade into it."""
    if "audit_event" in sa.inspect(conn).get_table_names():
        table = sa.table("audit_event", sa.column("lms_id"))
        conn.execute(sa.update(table).where(table.c.lms_id == other).values(lms_id=into))


def _table(conn: Connection, name: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c["name"], c["type"]) for c in sa.inspect(conn).get_columns(name)))


def _unite(conn: Connection, table: sa.TableClause, keys: tuple[str, ...], moments: tuple[str, ...],
           kind: str | None, keep: int, other: int, notes: list[str]) -> None:  # fmt: skip
    for row in conn.execute(sa.select(table).where(table.c.membership_id == other)).all():
        twin = conn.execute(sa.select(table).where(table.c.membership_id == keep,
                                                   *(table.c[key] == getattr(row, key) for key in keys))).first()  # fmt: skip
        if twin is None:
            conn.execute(sa.update(table).where(table.c.id == row.id).values(membership_id=keep))
            continue
        newer, older = (row, twin) if _moment(row, moments) > _moment(twin, moments) else (twin, row)
        if kind is not None:
            _keep_as_revision(conn, kind, keep, newer.id, older)
        else:
            notes.append(f"membership {keep}: {table.name} {older.id} replaced by the newer {newer.id}")
        conn.execute(sa.delete(table).where(table.c.id == older.id))
        conn.execute(sa.update(table).where(table.c.id == newer.id).values(membership_id=keep))


def _keep_as_revision(conn: Connection, kind: str, keep: int, newer_id: int, older: Any) -> None:
    """The older row's content as a revision of the newer one, its own revisions following it."""
    revision = _table(conn, "record_revision")
    content = {name: plain(value) for name, value in older._mapping.items() if name not in UNCHANGED}
    conn.execute(sa.update(revision).where(revision.c.kind == kind, revision.c.record_id == older.id)
                 .values(record_id=newer_id))  # fmt: skip
    conn.execute(sa.insert(revision).values(membership_id=keep, kind=kind, record_id=newer_id, content=content,
                                            changed_by_id=None, changed_at=datetime.now(UTC)))  # fmt: skip


def _repoint(conn: Connection, keep: int, other: int) -> None:
    """Every column of every table that points at `other` points at `keep`."""
    for name, column in _pointers(conn):
        table = sa.table(name, sa.column(column))
        conn.execute(sa.update(table).where(table.c[column] == other).values({column: keep}))


def _pointers(conn: Connection) -> list[tuple[str, str]]:
    """(table, column) of every foreign key to membership.id, read once per schema for a whole join (thousands of
    memberships may be merged: the schema is not read again for each)."""
    inspector = sa.inspect(conn)
    names = tuple(sorted(inspector.get_table_names()))
    cached = conn.info.get("membership_pointers")
    if cached is None or cached[0] != names:
        found = [(name, key["constrained_columns"][0]) for name in names for key in inspector.get_foreign_keys(name)
                 if key["referred_table"] == "membership" and key["referred_columns"] == ["id"]]  # fmt: skip
        cached = conn.info["membership_pointers"] = (names, found)
    return cached[1]


def _moment(row: Any, columns: tuple[str, ...]) -> str:
    """The row's latest moment (SQLite gives naive datetimes, PostgreSQL aware ones): comparable text."""
    found = [getattr(row, name) for name in columns if getattr(row, name) is not None]
    return max((moment.replace(tzinfo=None).isoformat() for moment in found), default="")
