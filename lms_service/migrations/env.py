"""Alembic environment: the service's and lti/'s tables share one metadata and one history.

`flask init-db` passes its connection in `config.attributes["connection"]`;
the `alembic` command line reads the URL from DATABASE_URL or alembic.ini.
"""
from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

import lms_service.models  # noqa: F401  (registers the tables)
import lti.models  # noqa: F401
from lms_service.db import Base

config = context.config
target_metadata = Base.metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url") or ""
    with create_engine(url).connect() as conn:
        run_with(conn)
