"""Fixtures of the alert tests: the worker's pass at a chosen time, a learner's stored reasons, a page seen."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
import requests
from flask import Flask
from sqlalchemy import select, update

from lms_service.content import get_catalogue
from lms_service.db import utcnow
from lms_service.models import Membership, ModuleProgress
from lms_service.risk.course_pass import refresh_due

from ..scratch_database import scratch  # noqa: F401 (a fixture: an empty database for the migration test)

SLUG = "developpement-web"  # a nursery module with pages and a quiz (pass 60 %, three attempts)


@pytest.fixture
def refresh(app: Flask) -> Callable[[datetime], int]:
    """`refresh(when)`: the worker's pass over the courses due, its clock at `when`; how many it looked at."""

    def run(when: datetime, every: bool = False) -> int:
        with app.app_context():
            return refresh_due(app.extensions["db"], get_catalogue().nursery(), lambda: when, every=every)

    return run


def reasons(db, membership_id: int) -> int:
    """The reasons stored now on the membership's row."""
    db.expire_all()
    return db.scalar(select(Membership.risk_reasons).where(Membership.id == membership_id))


def never_launched(db, member: Membership) -> Membership:
    """Someone only the roster shows (the model's defaults set launch times on an insert, even given None)."""
    db.execute(update(Membership).where(Membership.id == member.id).values(first_launch_at=None, last_launch_at=None))
    return member


def started(db, member: Membership, slug: str = SLUG, *, failed: int = 0, passed: bool | None = None) -> None:
    """A module begun (as a page seen leaves it), with failed quiz attempts as a submission would count them."""
    db.add(ModuleProgress(membership_id=member.id, module_slug=slug, status="in_progress", pages_seen=1,
                          pages_total=5, seconds_spent=0, started_at=utcnow(), updated_at=utcnow(),
                          failed_attempts=failed, passed=passed))  # fmt: skip
    db.flush()


@pytest.fixture
def see_page(app: Flask, tool_server) -> Callable[[str], requests.Response]:
    """`see_page(token)`: the learner of that launch opens the first page of the module, for real."""
    with app.app_context():
        first = get_catalogue().get(SLUG).pages[0].id

    def get(token: str) -> requests.Response:
        answer = requests.get(f"{tool_server.url}/modules/{SLUG}/{first}?lt={token}", timeout=10)
        assert answer.status_code == 200, answer.text[:300]
        return answer

    return get
