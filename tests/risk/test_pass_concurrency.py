"""The worker's pass and a learner's page view at the same moment, on PostgreSQL: the page seen wins.

A page view holds the learner's row from the session lookup to its commit. A pass
over the course that reaches the row meanwhile waits, then rechecks the row as
the page view left it — but reads the learner's modules as they were when its
statement began (READ COMMITTED re-evaluates the row, not its subqueries). The
interleaving is forced: the page view is recorded and held open, the pass is
started and seen waiting for the row's lock, then the page view commits.
"""
from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import text

from config import TestConfig
from lms_service.content import get_catalogue
from lms_service.db import get_engine, get_session, utcnow
from lms_service.page_views import record_page_view
from lms_service.risk.course_pass import refresh_due
from lms_service.risk.reasons import NOT_STARTED
from lms_service.sessions.store import Member

from .conftest import SLUG, reasons

pytestmark = pytest.mark.skipif(not TestConfig.DATABASE_URL.startswith("postgresql"),
                                reason="row locks and READ COMMITTED rechecks are PostgreSQL's")  # fmt: skip


def _member(membership) -> Member:
    return Member(id=membership.id, context_id=membership.context_id, user_id=membership.user_id, is_learner=True,
                  is_tutor=False, is_author=False, is_admin=False, is_mentor=False, mentor_scope=[],
                  greeting_name=None, locale=None, has_course=True, course_name="")  # fmt: skip


def _waiting_for_a_lock(app, deadline: float = 10.0) -> bool:
    with app.app_context(), get_engine().connect() as conn:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                        "AND datname = current_database()")).scalar_one()  # fmt: skip
            if waiting:
                return True
            time.sleep(0.02)
    return False


def test_a_page_seen_while_the_pass_waits_for_the_learner_s_row_is_not_undone(app, make, db) -> None:
    """Entered 20 days ago, nothing started yet: the pass would say « not started »; she opens a page."""
    course, entered = make.course(), (utcnow() - timedelta(days=20)).date()
    learner = make.member(course, "Inès Belkacem", entry_date=entered)
    idle = make.member(course, "Kévin Dufour", entry_date=entered)  # the same facts, no page: the pass marks him
    db.commit()
    with app.app_context():
        module, nursery = get_catalogue().get(SLUG), get_catalogue().nursery()
    seen, release, errors = threading.Event(), threading.Event(), []

    def page_view() -> None:
        try:
            with app.app_context():
                record_page_view(_member(learner), module, module.pages[0].id, timedelta(minutes=20))
                seen.set()
                release.wait(10)
                get_session().commit()
        except Exception as error:  # noqa: BLE001 — shown by the test
            errors.append(error)
            seen.set()

    def worker_pass() -> None:
        try:
            with app.app_context():
                refresh_due(app.extensions["db"], nursery, utcnow)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    viewer = threading.Thread(target=page_view)
    viewer.start()
    assert seen.wait(10) and not errors
    passer = threading.Thread(target=worker_pass)
    passer.start()
    try:
        assert _waiting_for_a_lock(app), "the pass never waited for the learner's row"
    finally:
        release.set()
        viewer.join(10)
        passer.join(10)
    assert not errors and not viewer.is_alive() and not passer.is_alive()
    assert reasons(db, idle.id) == NOT_STARTED
    assert not reasons(db, learner.id) & NOT_STARTED  # she started a module: the pass must not say otherwise
