"""What one complete launch costs the database, pinned so it cannot creep back.

A learner who launched before launches again through the real flow (login at the
tool, /auth at the dev platform, launch, first page), as every weekday: the
statements the tool sends are counted on its engine, request by request. The
benchmark (scripts/launch_benchmark.py) times the same launch.
"""
from __future__ import annotations

from sqlalchemy import func, select

from devplatform.seed import ROUBAIX
from lti.models import LoginState, StoredValue

from ..lti_browser import LtiBrowser


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
