"""A database of the suite's kind, empty, for migration tests: an SQLite file, or a PostgreSQL schema of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask
from sqlalchemy.engine import make_url

from config import TestConfig
from lms_service import create_app
from lms_service.cli import MIGRATIONS
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


def course_member(conn: sa.Connection, name: str) -> int:
    """An LMS, a course and one learner in it, written with the columns every revision has (the ORM's model
    may name columns an older schema lacks); the membership's id."""
    now = sa.func.current_timestamp()
    [lms_id] = rows(conn, "lti_lms", {"issuer": "https://moodle.afpa.example", "name": "Moodle", "created_at": now})
    [context] = rows(conn, "context", {"lms_id": lms_id, "lti_context_id": f"course-{name}", "label": "", "title": name,
                                       "has_course": True, "created_at": now})  # fmt: skip
    [user] = rows(conn, "app_user", {"lms_id": lms_id, "sub": f"sub-{name}", "name": name, "created_at": now})
    [member] = rows(conn, "membership", {
        "context_id": context, "user_id": user, "roles": "[]", "is_learner": True, "is_tutor": False, "is_author": False,
        "is_admin": False, "is_mentor": False, "mentor_scope": "[]", "entry_date": sa.func.current_date(),
        "first_launch_at": now, "last_launch_at": now,
    })  # fmt: skip
    return member


def downgrade(target: str) -> None:
    """`migrate`'s counterpart, with the foreign keys off on SQLite while tables are copied."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with get_engine().connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, target)
