"""The tool's public keys, fetched from its JWKS URL to check its client assertions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import jwt
import requests

REFETCH_INTERVAL_SECONDS = 10.0
FETCH_TIMEOUT_SECONDS = 5.0


class ToolKeysUnavailable(Exception):
    """The tool's JWKS could not be fetched or read."""


class ToolKeyCache:
    """Caches the tool's keys; an unknown kid refetches, at most once per interval.

    The limit matters because the kid comes from an unauthenticated request: without
    it, a stream of forged kids would make the platform hammer the tool.
    """

    def __init__(self, jwks_url: str, interval: float = REFETCH_INTERVAL_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.jwks_url = jwks_url
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None

    def key(self, kid: str) -> jwt.PyJWK | None:
        """The RSA signing key named kid, or None if the tool does not publish it."""
        with self._lock:
            if kid not in self._keys and self._may_fetch():
                self._fetched_at = self._clock()
                self._keys = _fetch(self.jwks_url)
            return self._keys.get(kid)

    def _may_fetch(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at >= self._interval


def _fetch(url: str) -> dict[str, jwt.PyJWK]:
    try:
        response = requests.get(url, timeout=FETCH_TIMEOUT_SECONDS, headers={"Accept": "application/json"})
        response.raise_for_status()
        key_set = jwt.PyJWKSet.from_dict(response.json())
    except (requests.RequestException, ValueError, jwt.PyJWTError) as exc:
        raise ToolKeysUnavailable(f"cannot read the tool's JWKS at {url}: {exc}") from exc
    return {k.key_id: k for k in key_set.keys if k.key_id and k.key_type == "RSA"}
