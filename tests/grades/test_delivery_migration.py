"""Migration 0011: results already in the outbox keep their state, at version 1."""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask

from lms_service.cli import migrate
from lms_service.db import get_engine

from ..scratch_database import course_member, rows, scratch  # noqa: F401 (a fixture)

AT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _result(membership_id: int, slug: str, sent: bool) -> dict:
    """An outbox row as migration 0006 left the table."""
    return {
        "membership_id": membership_id, "module_slug": slug, "score_given": 7.0, "score_maximum": 10.0,
        "activity_progress": "Completed", "grading_progress": "FullyGraded", "timestamp": AT, "updated_at": AT,
        "sent_at": AT if sent else None, "tries": 0, "last_error": None,
    }  # fmt: skip


def test_pending_results_stay_pending_sent_ones_stay_sent(scratch: Flask) -> None:  # noqa: F811
    with scratch.app_context():
        migrate("0010")
        with get_engine().begin() as conn:
            ines = course_member(conn, "Inès Belkacem")
        with get_engine().begin() as conn:
            rows(conn, "grade_outbox", _result(ines, "cybersecurite", sent=True), _result(ines, "design-numerique", sent=False))
        migrate()
        with get_engine().connect() as conn:
            found = conn.execute(sa.text("SELECT module_slug, status, version, lease_owner FROM grade_outbox")).all()
        assert sorted(tuple(row) for row in found) == [("cybersecurite", "sent", 1, None), ("design-numerique", "pending", 1, None)]
