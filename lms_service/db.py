"""The declarative base, the engine, the per-request session and the time helpers (shared with lti/).

One session per application context; the request commits once at the end
(see `init_app`), services only add and flush. This keeps each request one
transaction, so a failure never leaves half of an event saved.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g
from sqlalchemy import Index, MetaData, create_engine, event, inspect, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from . import sqlite_files

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Aware UTC now; every time in the database is UTC (shown in Europe/Paris)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Make a stored time aware: SQLite hands naive datetimes back, PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def pointer_index(table: str, column: str) -> Index:
    """An index on a column that points at a person, only on the rows where it does.

    Deleting a membership (erasure, the purge, a merge) sets such columns to NULL
    wherever they point at it; without an index each delete reads the whole table
    (module_progress holds a row per learner and module). The rows that point at
    nobody, nearly all of them, cost the index nothing.
    """
    where = text(f"{column} IS NOT NULL")
    return Index(f"ix_{table}_{column}", column, postgresql_where=where, sqlite_where=where)


class Base(DeclarativeBase):
    """Every table of the service and of lti/ hangs off this one metadata."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str, echo: bool = False, hide_parameters: bool = False) -> Engine:
    """Create the engine, with the SQLite pragmas the embedded default needs.

    `hide_parameters` keeps a failed statement's values (names, e-mails) out of its
    error message, so a logged error never carries them (on in production). An
    SQLite file the engine creates is owner-only from its first byte (sqlite_files).
    No ping before each checkout (a round trip on every request): a connection the
    database dropped fails its statement once, SQLAlchemy then discards the whole
    pool, and that one request gets a 503 that asks to retry (errors.py).
    """
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": hide_parameters}
    if url.startswith("postgresql"):
        # Connections idle behind a firewall or pooler get dropped silently: keepalives notice it,
        # and no connection is reused after half an hour, so a request rarely meets a dead one.
        kwargs["pool_recycle"] = 1800
        kwargs["connect_args"] = {"keepalives": 1, "keepalives_idle": 60, "keepalives_interval": 10,
                                  "keepalives_count": 3}  # fmt: skip
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        path = sqlite_files.sqlite_path(url)
        if path is not None:
            event.listen(engine, "do_connect", lambda *_args: sqlite_files.create_private(path))
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Enforce foreign keys and let readers and one writer work side by side."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    # In WAL mode NORMAL never corrupts the file; a power cut may lose the last commits only.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app: Flask) -> None:
    """Create the engine and session factory, commit at the end of each request."""
    engine = make_engine(
        app.config["DATABASE_URL"],
        app.config.get("SQLALCHEMY_ECHO", False),
        app.config.get("SQLALCHEMY_HIDE_PARAMETERS", False),
    )
    app.extensions["db"] = sessionmaker(bind=engine, expire_on_commit=False)

    @app.after_request
    def commit_on_success(response: Response) -> Response:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            try:
                if response.status_code < 400:
                    session.commit()
                else:
                    session.rollback()
                    _keep_what_a_refusal_keeps(session, response.status_code)
            finally:
                session.close()
        return response

    @app.teardown_appcontext
    def close_session(_exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.rollback()
            session.close()


def on_refusal(write: Callable[[Session], None]) -> None:
    """Work kept when the request answers 4xx and the rest of it is rolled back: `write` runs after the rollback,
    in a transaction of its own. A page that refuses a form still shows what it shows (its read is on the audit
    trail); nothing the form asked for is saved. An error (5xx) keeps nothing."""
    g.setdefault("kept_on_refusal", []).append(write)


def _keep_what_a_refusal_keeps(session: Session, status: int) -> None:
    writes = g.pop("kept_on_refusal", [])
    if writes and status < 500:
        for write in writes:
            write(session)
        session.commit()


def forget_inherited_connections(app: Flask) -> None:
    """In a forked worker (gunicorn --preload): drop the parent's pooled connections without closing them.

    A socket shared by two processes mixes their conversations; the parent keeps
    its own, the child opens fresh ones on first use.
    """
    app.extensions["db"].kw["bind"].dispose(close=False)


def get_session() -> Session:
    """Return this application context's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db"]()
    return g.db_session


def get_engine() -> Engine:
    """The engine of the current app, for migrations and maintenance commands."""
    return current_app.extensions["db"].kw["bind"]


def affected(result: Any) -> int:
    """How many rows an UPDATE or DELETE touched (a cursor result's rowcount; 0 when unknown)."""
    return int(getattr(result, "rowcount", 0) or 0)


def insert_or_get(session: Session, model: type[T], key: dict[str, Any], **defaults: Any) -> tuple[T, bool]:
    """The row with this unique key, created on first sight; True when this call created it.

    The insert ignores a conflict, so two requests racing to create the same row
    (a double click, two first launches of one person) create it once and both
    get it, instead of one of them hitting the unique constraint.
    """
    query = select(model).filter_by(**key)
    row = session.scalars(query).first()
    if row is not None:
        return row, False
    created = insert_ignore(session, model, **key, **defaults)
    return session.scalars(query).one(), created


def upsert_insert(session: Session) -> Any:
    """The INSERT of the session's database that takes ON CONFLICT (PostgreSQL's or SQLite's, the same clauses):
    an upsert or an insert-or-ignore in one statement, where a look then an insert would race."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def insert_ignore(session: Session, model: type, **values: Any) -> bool:
    """Insert a row unless its unique key exists; True when it really inserted (a row came back)."""
    insert = upsert_insert(session)
    key: Any = inspect(model).primary_key[0]
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(statement).first() is not None
