"""The platforms' public keys: cached in the database, refetched on an unknown kid.

A launch with a known kid costs no network call. An unknown kid (the LMS rotated
its keys, as Brightspace does hourly) triggers one refetch, at most once per
interval per platform, so a flood of forged kids never floods the LMS.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from jwcrypto.jwk import JWK
from sqlalchemy.orm import Session, sessionmaker

from lms_service.db import as_utc, utcnow

from .models import Platform
from .transport import FetchFailed, GuardedSession, OutboundPolicy, UnsafeUrl, get_json


class KeyNotFound(Exception):
    """No key of the platform matches the token's kid and alg."""


class KeySetUnavailable(Exception):
    """The platform's JWKS could not be fetched or read."""


def public_key_pem(
    platform: Platform, kid: str, alg: str, refresh: Callable[[], dict[str, Any] | None]
) -> str:
    """Return the PEM of the platform key named kid, asking `refresh` once if it is unknown."""
    key = _find(platform.key_set, kid, alg)
    if key is None:
        key = _find(refresh(), kid, alg)
    if key is None:
        raise KeyNotFound(kid)
    return _pem(json.dumps(key, sort_keys=True))


@functools.lru_cache(maxsize=64)
def _pem(key_json: str) -> str:
    """A JWK as PEM, converted once per process: the conversion costs more than checking a signature."""
    return JWK.from_json(key_json).export_to_pem().decode()


def refresh_key_set(
    session_factory: sessionmaker[Session], platform_id: int, interval: timedelta, outbound: OutboundPolicy
) -> dict[str, Any] | None:
    """Refetch a platform's JWKS if the last fetch is older than interval; None if not due.

    It runs in its own committed transaction: the launch that asked may still be
    refused and rolled back, but the cache and the time of the fetch must stay,
    or a flood of forged kids would refetch every time.
    """
    with session_factory() as session:
        platform = session.get(Platform, platform_id, with_for_update=True)
        if platform is None or not platform.is_active:
            return None
        fetched = platform.key_set_fetched_at
        if fetched is not None and utcnow() - as_utc(fetched) < interval:
            return platform.key_set
        platform.key_set_fetched_at = utcnow()
        failure: KeySetUnavailable | None = None
        try:
            platform.key_set = fetch_key_set(GuardedSession(outbound), platform.key_set_url)
        except KeySetUnavailable as exc:
            failure = exc
        key_set = platform.key_set
        session.commit()
    if failure is not None:
        raise failure
    return key_set


def fetch_key_set(http: GuardedSession, url: str) -> dict[str, Any]:
    """GET a JWKS through the guarded transport (deadline, size cap, checked addresses, no redirect)."""
    try:
        key_set = get_json(http, url)
    except (FetchFailed, UnsafeUrl) as exc:
        raise KeySetUnavailable(str(exc)) from exc
    if not isinstance(key_set, dict) or not isinstance(key_set.get("keys"), list):
        raise KeySetUnavailable(f"{url}: no 'keys' list")
    return key_set


def _find(key_set: dict[str, Any] | None, kid: str, alg: str) -> dict[str, Any] | None:
    for key in (key_set or {}).get("keys", []):
        if isinstance(key, dict) and key.get("kid") == kid and key.get("alg", "RS256") == alg:
            return key
    return None
