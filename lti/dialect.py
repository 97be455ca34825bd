"""INSERT … ON CONFLICT for the database in use: SQLite when embedded, PostgreSQL in production."""
from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

# Each dialect's insert(), which has on_conflict_do_nothing() and on_conflict_do_update().
INSERTS: dict[str, Any] = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def insert_for(session: Session) -> Any:
    """The insert() of the session's database."""
    return INSERTS[dialect(session)]
