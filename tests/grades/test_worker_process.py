"""The issue's « done means »: a worker process beside the app delivers a quiz and the entry test, and what waited
through an outage of the score service arrives once it is back."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from devplatform.seed import LILLE
from lms_service.content import get_catalogue
from lms_service.models import GradeOutbox, GradeWorkerLease
from lms_service.models.grades import SENT

from ..entry_test_taking import EntryTest
from .conftest import outage, scores_for

BASE_DIR = Path(__file__).resolve().parents[2]
ENTRY_TEST = "test-de-positionnement"


@pytest.fixture
def worker() -> Iterator[subprocess.Popen]:
    process = subprocess.Popen([sys.executable, "-m", "tests.grades.worker_process"], cwd=BASE_DIR, env=dict(os.environ),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    yield process
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.2)


def test_a_worker_process_delivers_a_quiz_and_the_entry_test_and_what_waited_through_an_outage(
    worker, app, visit, passes, platform, platform_server, db
) -> None:
    person = "laura-dubois"  # a Lille learner no other test grades
    passes(person, "marketing-digital", LILLE)
    with app.app_context():
        test = get_catalogue().get(ENTRY_TEST)
    EntryTest(lambda who: visit(who, LILLE), test, person).take()

    def row(slug: str) -> GradeOutbox | None:
        db.expire_all()
        return db.scalars(select(GradeOutbox).where(GradeOutbox.module_slug == slug)).first()

    def sent(slug: str) -> bool:
        return (found := row(slug)) is not None and found.status == SENT

    _until(lambda: sent("marketing-digital") and sent(ENTRY_TEST))
    assert len(scores_for(platform, person, "marketing-digital")) == 1
    [entry] = scores_for(platform, person, ENTRY_TEST)
    assert entry.score_maximum and entry.activity_progress == "Completed"

    outage(platform_server.url, status=503)  # the score service is down until switched back on
    passes(person, "cybersecurite", LILLE)
    _until(lambda: (found := row("cybersecurite")) is not None and found.tries >= 2)  # tried, and tried again
    assert not sent("cybersecurite") and scores_for(platform, person, "cybersecurite") == []
    outage(platform_server.url, status=None)
    _until(lambda: sent("cybersecurite"))
    assert len(scores_for(platform, person, "cybersecurite")) == 1

    worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=20)
    assert worker.returncode == 0 and "stopped" in output
    db.expire_all()
    assert db.scalars(select(GradeWorkerLease.owner)).first() is None  # a clean stop leaves its lease
