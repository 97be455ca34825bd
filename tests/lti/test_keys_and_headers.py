"""Platform key rotation, proxies and frames: what lets genuine launches in, and only them."""
from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from config import TestConfig
from lms_service import create_app
from lti.devplatform.seed import ROUBAIX
from lti.models import Platform, utcnow

from ..lti_browser import LtiBrowser


def _cache(db, key_set: dict[str, Any] | None, fetched_ago: timedelta | None) -> None:
    row = db.scalars(select(Platform)).one()
    row.key_set = key_set
    row.key_set_fetched_at = utcnow() - fetched_ago if fetched_ago is not None else None
    db.commit()


def test_a_platform_that_rotated_its_keys_is_refetched_once(browser: LtiBrowser, db, fetches) -> None:
    """The cache holds only a retired key; the unknown kid triggers one refetch and the launch works."""
    _cache(db, {"keys": [{"kty": "RSA", "kid": "retired", "n": "AQAB", "e": "AQAB"}]}, timedelta(hours=1))

    assert browser.launch("ines-belkacem", ROUBAIX).response.status_code == 200
    assert browser.launch("kevin-dufour", ROUBAIX).response.status_code == 200
    assert len(fetches) == 1


def test_a_flood_of_unknown_kids_does_not_flood_the_platform(browser: LtiBrowser, db, fetches) -> None:
    browser.launch("ines-belkacem", ROUBAIX)  # keys cached
    db.expire_all()
    _cache(db, db.scalars(select(Platform.key_set)).one(), timedelta(0))  # and fetched just now
    fetches.clear()
    for _ in range(5):
        browser.platform.tweak_next_launch(lambda claims, headers: headers.update(kid="forged"))
        action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
        assert browser.post_launch(action, fields).status_code == 401
    assert fetches == []


@pytest.fixture
def proxied_app(app):
    """The same database, behind one trusted proxy that terminates TLS."""

    class Behind(TestConfig):
        PROXY_FIX_HOPS = 1

    proxied = create_app(Behind)
    return proxied


PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "outil.example.org", "X-Forwarded-For": "10.0.0.1"}


def test_behind_a_tls_proxy_urls_and_state_cookie_are_secure(proxied_app, platform, registered) -> None:
    url, params = platform.login_initiation("ines-belkacem", ROUBAIX)
    client = proxied_app.test_client()

    response = client.post("/lti/login", data=params, headers=PROXY_HEADERS)

    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["redirect_uri"] == ["https://outil.example.org/lti/launch"]
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "SameSite=None" in cookie and "Partitioned" in cookie and "HttpOnly" in cookie


def test_pages_may_be_framed_only_by_registered_platforms(browser: LtiBrowser, platform_server) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    headers = launched.response.headers
    csp = headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {platform_server.url}" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert "X-Frame-Options" not in headers
