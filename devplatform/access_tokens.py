"""OAuth 2 access tokens issued to the tool, and the client assertion ids already seen."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from .settings import DEFAULT_TOKEN_LIFETIME_SECONDS


@dataclass(frozen=True)
class AccessToken:
    value: str
    client_id: str
    scopes: frozenset[str]
    expires_at: float


class AccessTokens:
    """In memory behind a lock: werkzeug serves the tool's calls on threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, AccessToken] = {}
        self._used_jtis: dict[str, float] = {}

    def claim_jti(self, jti: str, expires_at: float) -> bool:
        """Record a client assertion's jti; False if it was seen before (a replay)."""
        with self._lock:
            now = time.time()
            self._used_jtis = {k: t for k, t in self._used_jtis.items() if t > now}
            if jti in self._used_jtis:
                return False
            self._used_jtis[jti] = max(expires_at, now)
            return True

    def issue(self, client_id: str, scopes: frozenset[str],
              lifetime_seconds: int = DEFAULT_TOKEN_LIFETIME_SECONDS) -> AccessToken:
        """A new token; every token is kept (expired ones too) so tests can count what the tool asked for."""
        token = AccessToken(secrets.token_urlsafe(32), client_id, scopes, time.time() + lifetime_seconds)
        with self._lock:
            self._tokens[token.value] = token
        return token

    def get(self, value: str) -> AccessToken | None:
        """The token if it was issued here and has not expired."""
        with self._lock:
            token = self._tokens.get(value)
        return token if token is not None and token.expires_at > time.time() else None

    @property
    def issued(self) -> list[AccessToken]:
        with self._lock:
            return list(self._tokens.values())
