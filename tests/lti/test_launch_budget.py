"""What one complete launch costs the database, pinned so it cannot creep back.

A learner who launched before launches again through the real flow (login at the
tool, /auth at the dev platform, launch, first page), as every weekday: the
statements the tool sends are counted on its engine, request by request. The
benchmark (scripts/launch_benchmark.py) times the same launch.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from devplatform.seed import ROUBAIX
from lms_service.db import get_engine
from lti.models import LoginState, StoredValue

from ..lti_browser import LtiBrowser

WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass
class Sql:
    """The statements and commits the tool's engine sends while it listens."""

    statements: list[str] = field(default_factory=list)
    commits: int = 0

    def writes(self) -> list[str]:
        return [s for s in self.statements if s.lstrip().upper().startswith(WRITES)]


@pytest.fixture
def sql(app: Flask) -> Callable[[], AbstractContextManager[Sql]]:
    """`with sql() as seen:` counts what the tool sends inside the block."""
    with app.app_context():
        engine = get_engine()

    @contextmanager
    def listening() -> Iterator[Sql]:
        seen = Sql()

        def statement(_conn: Any, _cursor: Any, text: str, *_args: Any) -> None:
            seen.statements.append(text)

        def commit(_conn: Any) -> None:
            seen.commits += 1

        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "commit", commit)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", statement)
            event.remove(engine, "commit", commit)

    return listening


def test_a_known_learners_launch_stays_within_its_budget(browser: LtiBrowser, sql) -> None:
    """Login: one read, nothing written. Launch: at most 6 statements and one commit. In all, at most 10."""
    browser.launch("ines-belkacem", ROUBAIX)
    again = LtiBrowser(browser.platform)

    with sql() as login:
        redirect = again.login("ines-belkacem", ROUBAIX)
    action, fields = again.authorize(redirect)
    with sql() as launch:
        response = again.post_launch(action, fields)
    with sql() as page:
        landed = again.follow(response)

    assert landed.response.status_code == 200 and "Mon parcours" in landed.response.text
    assert len(login.statements) == 1 and login.writes() == []
    assert len(launch.statements) <= 6, launch.statements
    assert launch.commits == 1
    assert len(login.statements + launch.statements + page.statements) <= 10


def test_a_launch_keeps_its_used_state_and_no_launch_data(browser: LtiBrowser, db) -> None:
    """Only what something reads later is stored: a resource link launch's claims are not."""
    browser.launch("ines-belkacem", ROUBAIX)

    db.expire_all()
    assert db.scalar(select(func.count()).select_from(StoredValue)) == 0
    used = db.scalars(select(LoginState)).one()
    assert used.used_at is not None and used.expires_at > used.created_at
