"""Launch sessions: kept server side, bound to the launching browser, ended when idle or too old.

Launches are real (dev platform, signed id_tokens); the cookie is sent by hand
where a test plays the launching browser, because `requests` (rightly) keeps a
Secure cookie from plain-HTTP loopback; the browser test in tests/e2e shows a
real browser doing it by itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.models import LaunchSession, User

from ..lti_browser import LtiBrowser


@dataclass
class Launch:
    page_url: str
    token: str
    cookie_name: str
    cookie_value: str
    set_cookie: str


def _launch(platform, user: str = "ines-belkacem") -> Launch:
    browser = LtiBrowser(platform)
    action, fields = browser.authorize(browser.login(user, ROUBAIX))
    answer = browser.post_launch(action, fields)
    assert answer.status_code == 303
    raw = answer.headers["Set-Cookie"]
    name, value = raw.split(";", 1)[0].split("=", 1)
    launched = browser.follow(answer)
    assert launched.token
    return Launch(launched.response.url, launched.token, name, value, raw)


def _get(url: str, cookie: str | None = None) -> requests.Response:
    return requests.get(url, headers={"Cookie": cookie} if cookie else {}, timeout=10)


def _age(db, **fields) -> None:
    db.execute(update(LaunchSession).values(**fields))
    db.commit()


def test_the_launch_sets_a_partitioned_cookie_named_after_its_session(platform) -> None:
    launch = _launch(platform)
    assert launch.cookie_name.startswith("ls_")
    attributes = {part.strip().split("=")[0].lower() for part in launch.set_cookie.split(";")}
    assert {"secure", "httponly", "partitioned", "path", "max-age", "samesite"} <= attributes
    assert "SameSite=None" in launch.set_cookie and "Path=/" in launch.set_cookie
    assert f"Max-Age={8 * 3600}" in launch.set_cookie


def test_only_a_hash_of_the_token_is_stored(platform, db) -> None:
    launch = _launch(platform)
    stored = db.scalars(select(LaunchSession)).one()
    assert launch.token not in (stored.token_hash, stored.binding_hash) and len(stored.token_hash) == 64
    assert launch.cookie_value not in (stored.token_hash, stored.binding_hash)


def test_once_its_cookie_came_back_a_copied_link_opens_nothing_elsewhere(platform, db) -> None:
    launch = _launch(platform)
    own_browser = f"{launch.cookie_name}={launch.cookie_value}"
    assert _get(launch.page_url, own_browser).status_code == 200
    assert db.scalars(select(LaunchSession.bound_at)).one() is not None

    copied = _get(launch.page_url)
    assert copied.status_code == 401
    assert "autre navigateur" in copied.text
    forged_cookie = _get(launch.page_url, f"{launch.cookie_name}=not-the-value")
    assert forged_cookie.status_code == 401
    assert _get(launch.page_url, own_browser).status_code == 200


def test_a_browser_that_keeps_no_cookie_works_with_the_token_alone(platform, db) -> None:
    launch = _launch(platform)
    for _ in range(3):
        assert _get(launch.page_url).status_code == 200
    assert db.scalars(select(LaunchSession.bound_at)).one() is None


@pytest.mark.parametrize(
    "ageing",
    [
        {"last_seen_at": utcnow() - timedelta(hours=1, minutes=1)},
        {"expires_at": utcnow() - timedelta(seconds=1)},
        {"revoked_at": utcnow()},
    ],
    ids=["idle over an hour", "past its absolute limit", "revoked"],
)
def test_an_ended_session_says_so_and_shows_the_way_back(platform, platform_server, db, ageing) -> None:
    launch = _launch(platform)
    _age(db, **ageing)

    response = _get(launch.page_url)

    assert response.status_code == 401
    assert "Votre session a expiré" in response.text
    assert f'href="{platform_server.url}/courses/' in response.text and 'target="_top"' in response.text
    assert response.headers["Content-Security-Policy"].endswith(f"frame-ancestors 'self' {platform_server.url}")


def test_an_expired_session_is_not_taken_for_a_forged_one(platform, db) -> None:
    launch = _launch(platform)
    _age(db, expires_at=utcnow() - timedelta(seconds=1))
    forged = _get(launch.page_url.replace(launch.token, launch.token[::-1]))
    expired = _get(launch.page_url)
    assert forged.status_code == expired.status_code == 401
    assert "Votre session a expiré" in expired.text and "Votre session a expiré" not in forged.text
    assert "Oups" in forged.text


def test_the_idle_clock_is_written_at_most_once_a_minute(platform, db) -> None:
    launch = _launch(platform)
    first = db.scalars(select(LaunchSession.last_seen_at)).one()
    assert _get(launch.page_url).status_code == 200
    db.expire_all()
    assert db.scalars(select(LaunchSession.last_seen_at)).one() == first

    _age(db, last_seen_at=utcnow() - timedelta(minutes=2))
    assert _get(launch.page_url).status_code == 200
    db.expire_all()
    moved = db.scalars(select(LaunchSession.last_seen_at)).one()
    assert utcnow() - (moved if moved.tzinfo else moved.replace(tzinfo=utcnow().tzinfo)) < timedelta(seconds=30)


def test_an_administrator_ends_every_session_of_a_person(platform, db, app) -> None:
    learner, other = _launch(platform, "ines-belkacem"), _launch(platform, "kevin-dufour")
    result = app.test_cli_runner().invoke(args=["sessions", "revoke", "--sub", "ines-belkacem"])
    assert result.exit_code == 0 and "1 launch session(s) ended." in result.output
    assert "Votre session a expiré" in _get(learner.page_url).text
    assert _get(other.page_url).status_code == 200


def test_old_sessions_are_purged(platform, db, app) -> None:
    _launch(platform)
    _age(db, expires_at=utcnow() - timedelta(days=31))
    result = app.test_cli_runner().invoke(args=["sessions", "purge"])
    assert "1 old launch sessions deleted." in result.output
    db.expire_all()
    assert db.scalars(select(LaunchSession)).first() is None
    assert db.scalars(select(User)).first() is not None
