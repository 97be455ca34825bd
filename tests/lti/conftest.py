"""Fixtures shared by the LTI tests."""
from __future__ import annotations

from typing import Any

import pytest

from lti import platform_keys


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
