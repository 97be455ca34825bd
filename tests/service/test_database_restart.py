"""A database that dropped its connections (a restart, a failover) costs one retry, never a 500.

The pool does not ping before each request (a round trip on every page). When
PostgreSQL ends the tool's connections, the next request's statement fails:
it gets a clear 503 that asks to retry, SQLAlchemy discards the pooled
connections, and the following request works on fresh ones. PostgreSQL only:
an embedded SQLite file has no connection to lose.
"""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from lms_service.db import get_engine

from ..factories import Factories


def test_a_dropped_connection_is_one_503_then_pages_work_again(app: Flask, make: Factories) -> None:
    if not app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("an embedded SQLite file has no connection to lose")
    course = make.course()
    learner = make.member(course, "Inès Martin")
    token = make.token(learner)
    client = app.test_client()
    assert client.get(f"/?lt={token}").status_code == 200

    _end_the_tool_s_connections(app)

    dropped = client.get(f"/?lt={token}")
    assert dropped.status_code == 503
    assert "Réessayez" in dropped.get_data(as_text=True)
    again = client.get(f"/?lt={token}")
    assert again.status_code == 200, again.get_data(as_text=True)[:300]


def _end_the_tool_s_connections(app: Flask) -> None:
    """What a PostgreSQL restart does to the tool: its server processes end."""
    with app.app_context():
        url = get_engine().url
    admin = create_engine(url)
    with admin.connect() as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND usename = current_user "
                "AND application_name = ''"
            )
        ).scalar_one()
    admin.dispose()
    assert ended >= 1
