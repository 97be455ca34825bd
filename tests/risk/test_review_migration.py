"""Migration 0014: the stored alert reasons move up one bit, so « no news » ranks first and « no review » last,
and the downgrade gives back 0013's numbers (without the two new reasons, which 0013 did not know)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from lms_service.cli import migrate
from lms_service.db import get_engine
from lms_service.risk.reasons import ENTRY_TEST_LOW, INACTIVE, LOST_CONTACT, NO_REVIEW, NOT_STARTED, QUIZ_FAILED

from ..scratch_database import course_member, downgrade

OLD_NOT_STARTED, OLD_INACTIVE, OLD_ENTRY_TEST_LOW, OLD_QUIZ_FAILED = 8, 4, 2, 1  # 0013's bits


def _stored(member: int) -> int:
    with get_engine().connect() as conn:
        return conn.execute(sa.text("SELECT risk_reasons FROM membership WHERE id = :m"), {"m": member}).scalar_one()


def _store(member: int, reasons: int) -> None:
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE membership SET risk_reasons = :r WHERE id = :m"), {"r": reasons, "m": member})


def test_the_reasons_keep_their_meaning_up_and_down(scratch: Flask) -> None:
    with scratch.app_context():
        migrate("0013")
        with get_engine().begin() as conn:
            silent, struggling = course_member(conn, "Inès Belkacem"), course_member(conn, "Kévin Dufour")
        _store(silent, OLD_NOT_STARTED | OLD_INACTIVE)
        _store(struggling, OLD_ENTRY_TEST_LOW | OLD_QUIZ_FAILED)
        migrate()
        assert (_stored(silent), _stored(struggling)) == (NOT_STARTED | INACTIVE, ENTRY_TEST_LOW | QUIZ_FAILED)
        _store(silent, LOST_CONTACT | NOT_STARTED | INACTIVE | NO_REVIEW)
        downgrade("0013")
        assert (_stored(silent), _stored(struggling)) == (OLD_NOT_STARTED | OLD_INACTIVE,
                                                          OLD_ENTRY_TEST_LOW | OLD_QUIZ_FAILED)  # fmt: skip
