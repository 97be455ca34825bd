"""Migration 0013: each module's counted score, pass and failures filled from the attempts an older database holds,
so the first pass of the worker after the upgrade raises the « quiz failed twice » alerts already due."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from flask import Flask

from lms_service.cli import migrate
from lms_service.content import get_catalogue
from lms_service.db import get_engine
from lms_service.risk.course_pass import refresh_due
from lms_service.risk.reasons import QUIZ_FAILED
from lms_service.risk.scores import percent

from ..scratch_database import course_member, rows

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _attempt(membership_id: int, slug: str, number: int, given: float | None, maximum: float, passed: bool,
             submitted: bool = True) -> dict:  # fmt: skip
    return {
        "membership_id": membership_id, "module_slug": slug, "module_version": "v1", "number": number,
        "question_ids": "[]", "started_at": AT + timedelta(hours=number),
        "submitted_at": AT + timedelta(hours=number, minutes=5) if submitted else None, "score_given": given,
        "score_maximum": maximum, "passed": passed, "revision": 1,
    }  # fmt: skip


def _progress(membership_id: int, slug: str) -> dict:
    return {"membership_id": membership_id, "module_slug": slug, "status": "read", "pages_seen": 5, "pages_total": 5,
            "seconds_spent": 0, "started_at": AT, "updated_at": AT}  # fmt: skip


def test_failures_then_a_pass_are_counted_from_the_attempts_of_an_older_database(scratch: Flask) -> None:
    with scratch.app_context():
        migrate("0012")
        with get_engine().begin() as conn:
            ines = course_member(conn, "Inès Belkacem")
        with get_engine().begin() as conn:
            rows(
                conn, "attempt",
                _attempt(ines, "developpement-web", 1, 5.0, 25.0, False),  # failed twice, then passed
                _attempt(ines, "developpement-web", 2, 10.0, 25.0, False),
                _attempt(ines, "developpement-web", 3, 20.0, 25.0, True),
                _attempt(ines, "cybersecurite", 1, 0.0, 10.0, False),  # failed twice, never passed
                _attempt(ines, "cybersecurite", 2, 4.0, 10.0, False),
                _attempt(ines, "cybersecurite", 3, 10.0, 10.0, True, submitted=False),  # not handed in: not counted
                _attempt(ines, "design-numerique", 1, None, 10.0, False, submitted=False),  # begun only
            )  # fmt: skip
            rows(conn, "module_progress", *(_progress(ines, slug) for slug in
                                            ("developpement-web", "cybersecurite", "design-numerique", "marketing-digital")))  # fmt: skip
        migrate()
        with get_engine().connect() as conn:
            found = {row.module_slug: (row.score_percent, None if row.passed is None else bool(row.passed),
                                       row.failed_attempts) for row in conn.execute(sa.text(
                "SELECT module_slug, score_percent, passed, failed_attempts FROM module_progress"))}  # fmt: skip
        assert found == {
            "developpement-web": (80, True, 2),
            "cybersecurite": (40, False, 2),
            "design-numerique": (None, None, 0),
            "marketing-digital": (None, None, 0),
        }
        refresh_due(scratch.extensions["db"], get_catalogue().nursery(), lambda: datetime.now(UTC))
        with get_engine().connect() as conn:
            stored = conn.execute(sa.text("SELECT risk_reasons FROM membership WHERE id = :m"), {"m": ines}).scalar_one()
        assert stored & QUIZ_FAILED  # cybersécurité: failed twice, not passed since


def test_a_score_of_79_6_per_cent_is_filled_as_the_service_counts_it(scratch: Flask) -> None:
    """A counted 80 % where the service says 79 % would show a pass score reached that was not."""
    with scratch.app_context():
        migrate("0012")
        with get_engine().begin() as conn:
            ines = course_member(conn, "Inès Belkacem")
        with get_engine().begin() as conn:
            rows(conn, "attempt", _attempt(ines, "developpement-web", 1, 19.9, 25.0, True))
            rows(conn, "module_progress", _progress(ines, "developpement-web"))
        migrate()
        with get_engine().connect() as conn:
            filled = conn.execute(sa.text("SELECT score_percent FROM module_progress")).scalar_one()
    assert percent(SimpleNamespace(score_given=19.9, score_maximum=25.0)) == 79
    assert filled == 79
