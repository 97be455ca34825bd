"""Migration 0008: progress recorded by paging through is read, not completed, until the answers are done."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask

from lms_service.cli import migrate
from lms_service.db import get_engine

from ..scratch_database import course_member, rows

PAGED, PASSED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC), datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def _progress(membership_id: int, slug: str, status: str, seen: int, total: int) -> dict:
    done = status == "completed"
    return {
        "membership_id": membership_id, "module_slug": slug, "status": status, "pages_seen": seen,
        "pages_total": total, "seconds_spent": 0, "started_at": PAGED, "updated_at": PAGED,
        "completed_at": PAGED if done else None, "completed_version": "v1" if done else None,
    }  # fmt: skip


def _attempt(membership_id: int, slug: str, passed: bool) -> dict:
    """An attempt row as migration 0007 left the table."""
    return {
        "membership_id": membership_id, "module_slug": slug, "module_version": "v1", "number": 1,
        "question_ids": "[]", "started_at": PASSED, "submitted_at": PASSED, "score_given": 1.0,
        "score_maximum": 1.0, "passed": passed, "revision": 1,
    }  # fmt: skip


def test_paging_through_no_longer_completes_a_module_whose_answers_are_not_done(scratch: Flask) -> None:
    with scratch.app_context():
        migrate("0007")
        with get_engine().begin() as conn:
            ines = course_member(conn, "Inès Belkacem")
        with get_engine().begin() as conn:
            rows(
                conn, "attempt", _attempt(ines, "cybersecurite", passed=True),
                _attempt(ines, "design-numerique", passed=False), _attempt(ines, "questionnaire-satisfaction", passed=True),
            )  # fmt: skip
            rows(
                conn, "module_progress",
                _progress(ines, "developpement-web", "completed", 9, 9),  # paged through, quiz never taken
                _progress(ines, "design-numerique", "completed", 8, 8),  # paged through, quiz failed
                _progress(ines, "cybersecurite", "completed", 7, 7),  # paged through, quiz passed
                _progress(ines, "marketing-digital", "completed", 6, 8),  # completed, then the module grew
                _progress(ines, "support-informatique", "in_progress", 3, 8),  # nothing to correct
                _progress(ines, "questionnaire-satisfaction", "completed", 3, 3),  # submitted
            )  # fmt: skip
        migrate()
        with get_engine().connect() as conn:
            found = conn.execute(
                sa.text(
                    "SELECT module_slug, status, answered_at, completed_at FROM module_progress ORDER BY module_slug"
                )
            ).all()

    by_slug = {row.module_slug: row for row in found}
    assert {slug: row.status for slug, row in by_slug.items()} == {
        "cybersecurite": "completed",
        "design-numerique": "read",
        "developpement-web": "read",
        "marketing-digital": "in_progress",
        "questionnaire-satisfaction": "completed",
        "support-informatique": "in_progress",
    }
    assert by_slug["cybersecurite"].answered_at is not None and by_slug["cybersecurite"].completed_at is not None
    assert by_slug["questionnaire-satisfaction"].answered_at is not None
    assert by_slug["developpement-web"].answered_at is None and by_slug["developpement-web"].completed_at is None
    assert by_slug["design-numerique"].answered_at is None
