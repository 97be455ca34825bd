"""Correct under concurrency: quick clicks, beacons sent at once, two first launches of one person.

Each test releases its requests together (a barrier) many rounds over and
checks the invariant after every round. The requests are real: WSGI requests
through the app's own test clients, one per thread, on the suite's database
(the claims matter most on PostgreSQL, where requests truly run side by side).
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import delete, func, select, update

from devplatform.roster import LEARNER
from devplatform.roster import User as PlatformUser
from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.models import Membership, ModuleProgress, PageView, User

from ..lti_browser import LtiBrowser
from ..together import together

ROUNDS = 50
MODULE = "developpement-web"


@pytest.fixture
def learner(platform, db, app: Flask) -> tuple[str, int]:
    """Inès, launched once: her launch token and her membership id."""
    token = LtiBrowser(platform).launch("ines-belkacem", ROUBAIX).token
    assert token
    member_id = db.scalars(select(Membership.id).join(User).where(User.sub == "ines-belkacem")).one()
    return token, member_id


def _pages(app: Flask) -> list[str]:
    with app.app_context():
        from lms_service.content import get_catalogue

        return [page.id for page in get_catalogue().get(MODULE).pages]


def _all_but_the_last_two_seen(db, member_id: int, pages: list[str]) -> None:
    """The state a learner reaches by passing the quiz, then reading every page but the last two, written directly."""
    now = utcnow()
    db.execute(delete(PageView).where(PageView.membership_id == member_id))
    db.execute(delete(ModuleProgress).where(ModuleProgress.membership_id == member_id))
    db.add_all(
        PageView(membership_id=member_id, module_slug=MODULE, page_id=page, first_seen_at=now, last_seen_at=now)
        for page in pages[:-2]
    )
    db.add(
        ModuleProgress(membership_id=member_id, module_slug=MODULE, status="in_progress", pages_seen=len(pages) - 2,
                       pages_total=len(pages), last_page_id=pages[-3], started_at=now, updated_at=now,
                       answered_at=now)
    )  # fmt: skip
    db.execute(update(Membership).where(Membership.id == member_id).values(last_page_module=None, last_page_id=None))
    db.commit()


def test_quick_clicks_on_the_last_pages_complete_the_module(app: Flask, learner, db) -> None:
    """Every page seen, the last two at the same instant: the module is completed, every round."""
    token, member_id = learner
    pages = _pages(app)
    clients = [app.test_client() for _ in range(2)]
    for round_ in range(ROUNDS):
        _all_but_the_last_two_seen(db, member_id, pages)
        statuses = together(2, lambda i: clients[i].get(f"/modules/{MODULE}/{pages[-2 + i]}?lt={token}").status_code)
        assert statuses == [200, 200], (round_, statuses)
        db.expire_all()
        progress = db.scalars(select(ModuleProgress).where(ModuleProgress.membership_id == member_id)).one()
        assert (progress.pages_seen, progress.status) == (len(pages), "completed"), f"round {round_}"


def test_beacons_sent_at_once_credit_the_reading_time_once(app: Flask, learner, db) -> None:
    """Ten beacons for a page read a minute: a minute credited, not ten."""
    token, member_id = learner
    page = _pages(app)[0]
    clients = [app.test_client() for _ in range(10)]
    assert clients[0].get(f"/modules/{MODULE}/{page}?lt={token}").status_code == 200
    form = {"lt": token, "csrf_token": _csrf(app, token)}
    for round_ in range(ROUNDS):
        db.execute(update(PageView).values(seconds_spent=0))
        db.execute(update(Membership).values(last_activity_at=utcnow() - timedelta(seconds=60)))
        db.commit()
        statuses = together(10, lambda i: clients[i].post(f"/modules/{MODULE}/{page}/left", data=form).status_code)
        assert statuses == [204] * 10, (round_, statuses)
        db.expire_all()
        credited = db.scalar(select(func.sum(PageView.seconds_spent)).where(PageView.membership_id == member_id))
        assert 59 <= credited <= 75, f"round {round_}: {credited} s credited for a minute"


def test_two_first_launches_of_one_person_both_land(platform, tool_server, db) -> None:
    """The same new learner launches twice at once (two tabs): both land, on one person."""
    for round_ in range(ROUNDS):
        sub = f"nouvelle-{round_}"
        platform.add_user(PlatformUser(id=sub, name=f"Nouvelle {round_}"))
        platform.enrol(sub, ROUBAIX, [LEARNER])
        browsers = [LtiBrowser(platform) for _ in range(2)]
        prepared = [b.authorize(b.login(sub, ROUBAIX)) for b in browsers]
        answers = together(2, lambda i, b=browsers, p=prepared: b[i].post_launch(*p[i]).status_code)
        assert answers == [303, 303], (round_, answers)
        assert db.scalar(select(func.count()).select_from(User).where(User.sub == sub)) == 1
        assert db.scalar(select(func.count()).select_from(Membership).join(User).where(User.sub == sub)) == 1


def _csrf(app: Flask, token: str) -> str:
    with app.test_request_context():
        from lms_service.security.csrf import csrf_token

        return csrf_token(token)
