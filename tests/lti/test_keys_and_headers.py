"""Platform key rotation, proxies and frames: what lets genuine launches in, and only them."""
from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from config import TestConfig
from devplatform.seed import ROUBAIX
from lms_service import create_app
from lms_service.db import utcnow
from lti import claims as c
from lti.message import web_origin
from lti.models import Lms, Platform

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


def test_a_launched_page_may_be_framed_by_its_own_lms_alone(browser: LtiBrowser, platform_server, db) -> None:
    """Three hundred other registrations change nothing: the header names 'self' and this launch's LMS."""
    db.add_all(
        Platform(
            lms=Lms(issuer=f"https://lms{i}.example.org"), issuer=f"https://lms{i}.example.org", client_id="c",
            name=f"LMS {i}",
            auth_login_url=f"https://lms{i}.example.org/auth", auth_token_url=f"https://lms{i}.example.org/token",
            key_set_url=f"https://lms{i}.example.org/jwks",
        )
        for i in range(300)
    )  # fmt: skip
    db.commit()

    launched = browser.launch("ines-belkacem", ROUBAIX)

    headers = launched.response.headers
    csp = headers["Content-Security-Policy"]
    assert csp.endswith(f"frame-ancestors 'self' {platform_server.url}")
    assert "lms1.example.org" not in csp and len(csp) < 400
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert "X-Frame-Options" not in headers


def test_another_worker_frames_the_page_for_the_same_lms_from_the_first_request(
    browser: LtiBrowser, platform_server
) -> None:
    """The LMS's origin lives with the launch session in the database, not in a worker's memory."""
    launched = browser.launch("ines-belkacem", ROUBAIX)
    other_worker = create_app(TestConfig).test_client()
    page = other_worker.get(urlsplit(launched.response.url)._replace(scheme="", netloc="").geturl())
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"].endswith(f"frame-ancestors 'self' {platform_server.url}")


def test_a_page_outside_any_launch_may_be_framed_by_the_tool_alone(tool_server, registered) -> None:
    response = requests.get(tool_server.url + "/", timeout=10)
    assert response.status_code == 401
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")


def test_a_refusal_shows_inside_the_lms_once_the_lms_is_known(browser: LtiBrowser, platform_server) -> None:
    """An unknown deployment of a registered LMS: its own frame may show why, with the command."""
    browser.platform.tweak_next_launch(lambda claims, _headers: claims.update({c.DEPLOYMENT_ID: "999"}))
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    response = browser.post_launch(action, fields)
    assert response.status_code == 403
    assert response.headers["Content-Security-Policy"].endswith(f"frame-ancestors 'self' {platform_server.url}")


@pytest.mark.parametrize(
    "claims, expected",
    [
        (
            {"iss": "https://canvas.instructure.com",
             c.LAUNCH_PRESENTATION: {"return_url": "https://afpa.instructure.com/courses/12/external_content/success"}},
            "https://afpa.instructure.com",
        ),
        (
            {"iss": "https://canvas.instructure.com",
             c.DEEP_LINKING_SETTINGS: {"deep_link_return_url": "https://afpa.instructure.com:443/courses/12/deep_linking"}},
            "https://afpa.instructure.com",
        ),
        ({"iss": "https://moodle.example.org/moodle"}, "https://moodle.example.org"),
        (
            {"iss": "https://moodle.example.org", c.LAUNCH_PRESENTATION: {"return_url": "javascript:alert(1)"}},
            "https://moodle.example.org",
        ),
        ({"iss": "not a url"}, None),
    ],
    ids=["hosted Canvas return URL", "Canvas deep linking", "Moodle issuer", "script URL ignored", "nothing usable"],
)  # fmt: skip
def test_the_lms_web_origin_comes_from_where_its_pages_are(claims, expected) -> None:
    assert web_origin(claims) == expected
