"""Grade delivery against the dev platform over real HTTP: quizzes passed by launched learners, a real worker."""
from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import requests
from flask import Flask

from devplatform.gradebook import Score
from devplatform.platform import Platform as DevPlatform
from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue
from lms_service.grades.worker import Round, run

from ..quiz_taking import pass_quiz


@pytest.fixture(autouse=True)
def quick_retries(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed send is tried again after a fraction of a second, not half a minute."""
    monkeypatch.setitem(app.config, "GRADES_RETRY_BASE_SECONDS", 0.05)


@pytest.fixture
def drain(app: Flask) -> Callable[..., Round]:
    """Run a worker until nothing is due, as `flask grades worker --once` does, without its look for the columns
    of courses placed whole (tests/grades/test_columns.py has its own)."""
    return lambda owner="worker-1": run(app, owner=owner, stop=threading.Event(), once=True, columns=False, rosters=False)


@pytest.fixture
def passes(app: Flask, visit) -> Callable[[str, str], None]:
    """`passes("ines-belkacem", "developpement-web")`: that learner launches and passes the module's quiz."""

    def learner_passes(person: str, slug: str, course: str = ROUBAIX) -> None:
        visitor = visit(person, course)
        with app.app_context():
            module = get_catalogue().get(slug)
        assert module is not None
        pass_quiz(visitor.browser.http, visitor.base, visitor.token, module)

    return learner_passes


def scores_for(platform: DevPlatform, person: str, resource_id: str) -> list[Score]:
    """The scores the platform took for this person in the columns of this module (or `parcours`)."""
    items = {item.id for item in platform.line_items.values() if item.resource_id == resource_id}
    return [score for score in platform.scores if score.user_id == person and score.line_item_id in items]


def outage(platform_url: str, **plan: object) -> None:
    """Switch the platform's score service off (`status=503, count=2`) or on (`status=None`)."""
    answer = requests.post(f"{platform_url}/dev/controls/ags", json=plan, headers={"Origin": platform_url}, timeout=5)
    assert answer.status_code == 200, answer.text
