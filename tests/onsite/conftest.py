"""Fixtures of the on-site tests: a référent's desk (real HTTP with the launch's CSRF token), a course with people."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select

from devplatform.seed import ROUBAIX
from lms_service.db import as_utc, utcnow
from lms_service.models import Context, GradeOutbox, Membership
from lms_service.models.onsite import Attendance, OnsiteSession
from lms_service.security.csrf import csrf_token

from ..risk.conftest import reasons, refresh  # noqa: F401 (refresh: a fixture, the worker's pass)

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Desk:
    """Someone launched into the tool, sending GETs and form POSTs over HTTP as their browser would."""

    base: str
    token: str
    csrf: str
    http: Any = requests  # or a launched browser's session, with the cookie its launch bound

    def get(self, path: str) -> requests.Response:
        separator = "&" if "?" in path else "?"
        return self.http.get(f"{self.base}{path}{separator}lt={self.token}", timeout=30)

    def post(self, path: str, form: list[tuple[str, str]] | dict[str, str]) -> requests.Response:
        fields = list(form.items()) if isinstance(form, dict) else list(form)
        data = [("lt", self.token), ("csrf_token", self.csrf), *fields]
        separator = "&" if "?" in path else "?"
        return self.http.post(f"{self.base}{path}{separator}lt={self.token}", data=data, allow_redirects=False,
                              timeout=30)  # fmt: skip


@pytest.fixture
def desk(app: Flask, tool_server, make) -> Callable[[Membership], Desk]:
    """`desk(member)`: a launch session for that membership (made directly), browsing over real HTTP."""

    def open_for(member: Membership) -> Desk:
        token = make.token(member)
        with app.test_request_context():
            return Desk(tool_server.url, token, csrf_token(token))

    return open_for


@pytest.fixture
def persona(app: Flask, visit) -> Callable[..., Desk]:
    """`persona("nadia-haddad")`: a real LTI launch from the dev platform (Roubaix unless told), as a desk."""

    def launch(user_id: str, context_id: str = ROUBAIX) -> Desk:
        visitor = visit(user_id, context_id)
        with app.test_request_context():
            return Desk(visitor.base, visitor.token, csrf_token(visitor.token), visitor.browser.http)

    return launch


@dataclass
class Course:
    course: Context
    tutor: Membership
    learners: list[Membership]


@pytest.fixture
def course(make) -> Course:
    """A course with a tutor and three learners; the first is the tutor's own (she is their référente)."""
    room = make.course("Nurserie Roubaix")
    tutor = make.member(room, "Nadia Haddad", tutor=True)
    entered = paris_today() - timedelta(days=30)
    learners = [make.member(room, name, entry_date=entered) for name in ("Inès Belkacem", "Kévin Dufour", "Élodie Marchand")]
    learners[0].referent_id = tutor.id
    make.db.commit()
    return Course(room, tutor, learners)


def paris_today() -> date:
    return utcnow().astimezone(PARIS).date()


def noon_utc(day: date) -> datetime:
    """That day at noon in Paris, in UTC (11:00 in winter, 10:00 in summer)."""
    return datetime.combine(day, time(12), tzinfo=PARIS).astimezone(UTC)


def saved(db) -> tuple[int, list[tuple[int, int, str, int | None]]]:
    """The sessions made, and every attendance row as (session, learner, status, set by)."""
    db.expire_all()
    sessions = db.scalar(select(func.count()).select_from(OnsiteSession))
    rows = db.execute(select(Attendance.session_id, Attendance.membership_id, Attendance.status, Attendance.set_by_id)
                      .order_by(Attendance.session_id, Attendance.membership_id)).all()  # fmt: skip
    return sessions, [tuple(row) for row in rows]


def last_activity(db, member: Membership) -> datetime | None:
    db.expire_all()
    value = db.scalar(select(Membership.last_activity_at).where(Membership.id == member.id))
    return None if value is None else as_utc(value)


def outbox(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(GradeOutbox))


def errors_of(page: requests.Response) -> str:
    """The « Rien n'a été enregistré » block of a form sent back."""
    found = re.search(r'id="form-errors">(.*?)</div>', page.text, re.S)
    assert found, page.text[:500]
    return found.group(1)
