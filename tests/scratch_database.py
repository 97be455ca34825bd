"""A database of the suite's kind, empty, for migration tests: an SQLite file, or a PostgreSQL schema of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url

from config import TestConfig
from lms_service import create_app
from lms_service.db import get_engine


@pytest.fixture
def scratch(tmp_path) -> Iterator[Flask]:
    """An app on an empty database: a file for SQLite, a schema of its own for PostgreSQL."""
    url = make_url(TestConfig.DATABASE_URL)
    schema = None
    if url.get_backend_name() == "sqlite":
        url = url.set(database=str(tmp_path / "scratch.sqlite3"))
    else:
        schema = f"scratch_{uuid.uuid4().hex[:12]}"
        with sa.create_engine(url).begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})

    class Scratch(TestConfig):
        DATABASE_URL = url.render_as_string(hide_password=False)

    app = create_app(Scratch)
    yield app
    with app.app_context():
        get_engine().dispose()
    if schema:
        with sa.create_engine(make_url(TestConfig.DATABASE_URL)).begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


def rows(conn: sa.Connection, table: str, *values: dict) -> list[int]:
    """Insert rows into a table by name (the schema of whatever revision the database is at); their ids."""
    target = sa.table(table, sa.column("id"), *(sa.column(name) for name in values[0]))
    return [conn.execute(sa.insert(target).values(**row).returning(target.c.id)).scalar_one() for row in values]
