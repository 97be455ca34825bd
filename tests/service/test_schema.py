"""The migrations build exactly the tables the models describe, on the suite's database."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lms_service.db import Base, get_engine


def test_the_migrated_schema_matches_the_models(app) -> None:
    with app.app_context(), get_engine().connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
