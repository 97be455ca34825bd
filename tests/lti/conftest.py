"""Fixtures shared by the LTI tests."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lti import platform_keys

from .stand_in_lms import StandInLms


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
