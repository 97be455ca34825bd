"""Access tokens for the LMS's services, shared by every process through the database.

pylti1p3 keeps tokens in a dict on each ServiceConnector (a new one per launch),
ignores `expires_in` and keeps a token the LMS refuses (docs/research/issue12/
ags-delivery.md §1.1), so every worker would ask for a token per call. Here a
token is kept per (registration, scope set) in `lti_service_token`, reused by
every process until shortly before it expires, and forgotten on a 401.

The client assertion is still pylti1p3's: its ServiceConnector signs and posts
it, through a session that records the answer, so `expires_in` and the granted
scopes it drops can be read. Each read or write is a short transaction of its
own, never open while the token endpoint is called. The token is a secret: it
is never logged and never part of an error message.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Collection, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import requests
from pylti1p3.exception import LtiServiceException
from pylti1p3.service_connector import ServiceConnector
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lms_service.db import as_utc, utcnow

from .dialect import insert_for
from .models import ServiceToken
from .tool_conf import ToolRegistration
from .transport import FetchFailed, GuardedSession, OutboundPolicy

# Reused until this long before it expires: a call must not start with a token about to die.
REUSE_MARGIN = timedelta(seconds=60)
# Moodle's LTI_ACCESS_TOKEN_LIFE, assumed when the LMS says nothing.
DEFAULT_LIFETIME_SECONDS = 3600
# Whatever the LMS says, a token is asked again at least daily.
MAX_LIFETIME_SECONDS = 24 * 3600
_OAUTH_ERROR = re.compile(r"[a-z_]{1,40}")


class TokenUnavailable(Exception):
    """The token endpoint gave no usable token.

    `status` is its HTTP status, None when no answer came; `reason` is short and
    safe to show (an OAuth error code at most, never the LMS's free text).
    """

    def __init__(self, status: int | None, reason: str) -> None:
        super().__init__(f"token endpoint: {reason}")
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class AccessToken:
    value: str = field(repr=False)
    scope_key: str
    granted: frozenset[str]
    expires_at: datetime


def scope_key(scopes: Iterable[str]) -> str:
    """The key of a scope set: the same whatever the order the scopes are listed in."""
    return hashlib.sha256(" ".join(sorted(set(scopes))).encode()).hexdigest()


class ServiceTokens:
    """The access tokens of one registration.

    `sessions` opens a database session for the store's own short transactions
    (the app's sessionmaker), never the caller's.
    """

    def __init__(self, sessions: Callable[[], Session], registration: ToolRegistration,
                 policy: OutboundPolicy) -> None:
        self._sessions = sessions
        self._registration = registration
        self._platform_id: int = registration.platform_id
        self._policy = policy

    def get(self, scopes: Collection[str]) -> AccessToken:
        """A live token for these scopes: the one held in the database, or a new one.

        Raises TokenUnavailable, or transport.UnsafeUrl for a token URL the tool may not call.
        """
        key = scope_key(scopes)
        return self._held(key) or self._keep(key, scopes, _token_answer(self._registration, self._policy, scopes))

    def forget(self, token: AccessToken) -> None:
        """Drop a token the LMS refused, unless another process has already replaced it."""
        with self._sessions() as session, session.begin():
            session.execute(delete(ServiceToken).where(
                ServiceToken.platform_id == self._platform_id,
                ServiceToken.scope_key == token.scope_key,
                ServiceToken.token == token.value,
            ))

    def _held(self, key: str) -> AccessToken | None:
        with self._sessions() as session:
            row = session.scalars(select(ServiceToken).where(
                ServiceToken.platform_id == self._platform_id,
                ServiceToken.scope_key == key,
                ServiceToken.expires_at > utcnow() + REUSE_MARGIN,
            )).first()
            if row is None:
                return None
            return AccessToken(row.token, key, frozenset(row.granted_scopes), as_utc(row.expires_at))

    def _keep(self, key: str, asked: Collection[str], answer: dict[str, Any]) -> AccessToken:
        """Store a new token; a token another process stored meanwhile is replaced, not a failure."""
        now = utcnow()
        token = AccessToken(
            value=answer["access_token"],
            scope_key=key,
            granted=_granted(answer.get("scope"), asked),
            expires_at=now + timedelta(seconds=lifetime_seconds(answer.get("expires_in"))),
        )
        values = {"platform_id": self._platform_id, "scope_key": key, "token": token.value,
                  "granted_scopes": sorted(token.granted), "expires_at": token.expires_at, "created_at": now}
        with self._sessions() as session, session.begin():
            statement = insert_for(session)(ServiceToken).values(**values)
            replaced = {name: statement.excluded[name] for name in ("token", "granted_scopes", "expires_at",
                                                                     "created_at")}
            session.execute(statement.on_conflict_do_update(index_elements=["platform_id", "scope_key"],
                                                            set_=replaced))
        return token


def lifetime_seconds(expires_in: Any) -> int:
    """How long to keep a token: `expires_in` when it is a number, 3600 when absent, at most a day."""
    try:
        seconds = float(expires_in)
    except (TypeError, ValueError):
        return DEFAULT_LIFETIME_SECONDS
    if not math.isfinite(seconds):
        return DEFAULT_LIFETIME_SECONDS
    return int(min(max(seconds, 0), MAX_LIFETIME_SECONDS))


def _granted(scope: Any, asked: Collection[str]) -> frozenset[str]:
    """The scopes the LMS says it granted (Moodle grants asked ∩ permitted); the asked ones if it does not say."""
    return frozenset(scope.split()) if isinstance(scope, str) and scope.strip() else frozenset(asked)


class _RecordingSession(GuardedSession):
    """The guarded transport, keeping the last answer: pylti1p3 reads only its `ok` and `access_token`."""

    last: requests.Response | None = None

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        self.last = super().request(method, url, *args, **kwargs)
        return self.last


def _token_answer(registration: ToolRegistration, policy: OutboundPolicy, scopes: Collection[str]) -> dict[str, Any]:
    """Ask the token endpoint with pylti1p3's client assertion; its answer, checked.

    pylti1p3 counts a 3xx as success and raises on other refusals with the body as
    message; neither matters here, the recorded answer is read instead.
    """
    if registration.get_tool_private_key() is None:
        raise TokenUnavailable(None, "the tool has no signing key (flask init-db creates one)")
    http = _RecordingSession(policy)
    try:
        # A refusal or an unreadable answer raises one of these: both are read from the recorded answer below.
        with suppress(LtiServiceException, ValueError, LookupError, TypeError):
            ServiceConnector(registration, http).get_access_token(sorted(scopes))
    except FetchFailed as exc:
        raise TokenUnavailable(None, str(exc).removeprefix(f"{registration.get_auth_token_url()}: ")) from None
    assert http.last is not None, "pylti1p3 posted nothing and raised nothing"
    return _read(http.last)


def _read(response: requests.Response) -> dict[str, Any]:
    status = response.status_code
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}
    if not 200 <= status < 300:
        error = body.get("error")
        code = error if isinstance(error, str) and _OAUTH_ERROR.fullmatch(error) else ""
        raise TokenUnavailable(status, f"HTTP {status} {code}".strip())
    token = body.get("access_token")
    if not isinstance(token, str) or not token:
        raise TokenUnavailable(status, f"HTTP {status} without an access token")
    return body
