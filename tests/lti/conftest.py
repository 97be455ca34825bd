"""Fixtures shared by the LTI tests."""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import Any

import pytest
from flask import Flask

from lti import platform_keys
from lti.models import Lms, Platform
from lti.services import AgsClient
from lti.settings import outbound_policy
from lti.transport import GuardedSession

from .stand_in_lms import StandInLms

STAND_IN_NAME = "LMS de remplacement"


@pytest.fixture
def fetches(monkeypatch) -> list[str]:
    """Count the JWKS fetches the tool makes (they still go to the platform)."""
    calls: list[str] = []
    real = platform_keys.fetch_key_set

    def counting(http: Any, url: str) -> dict[str, Any]:
        calls.append(url)
        return real(http, url)

    monkeypatch.setattr(platform_keys, "fetch_key_set", counting)
    return calls


@pytest.fixture(scope="session")
def stand_in_server() -> Iterator[StandInLms]:
    lms = StandInLms()
    yield lms
    lms.reset()
    lms.server.stop()


@pytest.fixture
def lms(stand_in_server: StandInLms, tool_server, registered, app) -> Iterator[StandInLms]:
    """The stand-in LMS, well-behaved at the start of each test; the tool's settings put back after."""
    stand_in_server.reset()
    yield stand_in_server
    stand_in_server.reset()


@pytest.fixture
def stand_in_registration(lms: StandInLms, db) -> int:
    """A registration of the tool in the stand-in LMS (its token URL is the stand-in's /token); its id."""
    row = Platform(
        lms=Lms(issuer=lms.url, name=STAND_IN_NAME), issuer=lms.url, client_id=lms.client_id, name=STAND_IN_NAME,
        auth_login_url=f"{lms.url}/auth", auth_token_url=f"{lms.url}/token", key_set_url=f"{lms.url}/jwks",
    )
    db.add(row)
    db.commit()
    return row.id


@pytest.fixture
def ags(app: Flask) -> Callable[..., AgsClient]:
    """`ags(registration_id, scopes=None)`: an AGS client as a worker builds one, with its own transport."""
    sessions = app.extensions["db"]

    def make(registration_id: int, scopes: Collection[str] | None = None) -> AgsClient:
        with sessions() as session:
            platform = session.get(Platform, registration_id)
        assert platform is not None
        return AgsClient(sessions, platform, scopes, GuardedSession(outbound_policy(app.config)))

    return make
