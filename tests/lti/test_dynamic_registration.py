"""LTI Dynamic Registration at /lti/register, against a small platform served on loopback.

The platform here is a stand-in that records what the tool posts and can be told
to misbehave; the whole flow with the dev platform is in test_registration_flow.py.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from flask import Flask, jsonify, request
from sqlalchemy import select

from lti.models import Deployment, Platform
from lti.registration import PLATFORM_CONFIG, TOOL_CONFIG

from ..servers import ServerThread


class StandIn:
    """What the stand-in platform publishes and what it received."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.config_overrides: dict[str, Any] = {}
        self.platform_key = PLATFORM_CONFIG
        self.registration_status = 200
        self.padding = 0
        self.release = threading.Event()


@pytest.fixture(scope="module")
def stand_in() -> Iterator[tuple[ServerThread, StandIn]]:
    server = ServerThread(host="127.0.0.1")
    state = StandIn()
    app = Flask("stand_in_platform")

    @app.get("/.well-known/openid-configuration")
    def configuration() -> Any:
        base = server.url
        config = {
            "issuer": base,
            "authorization_endpoint": f"{base}/auth",
            "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwks",
            "registration_endpoint": f"{base}/register",
            state.platform_key: {"product_family_code": "moodle", "version": "4.5"},
            "padding": "x" * state.padding,
        }
        config.update(state.config_overrides)
        return jsonify(config)

    @app.get("/slow/.well-known/openid-configuration")
    def slow_configuration() -> Any:
        state.release.wait(timeout=60)  # until the test is over
        return configuration()

    @app.post("/register")
    def register() -> Any:
        state.received.append((request.get_json(), request.headers.get("Authorization")))
        if state.registration_status != 200:
            return jsonify(error="invalid_client_metadata", error_description="nope"), state.registration_status
        body = dict(request.get_json())
        body["client_id"] = "moodle-client-42"
        body[TOOL_CONFIG] = {**body[TOOL_CONFIG], "deployment_id": "17"}
        return jsonify(body)

    server.start(app)
    yield server, state
    server.stop()


@pytest.fixture
def platform_site(stand_in, app) -> Iterator[tuple[ServerThread, StandIn]]:
    server, state = stand_in
    state.received.clear()
    state.config_overrides.clear()
    state.platform_key, state.registration_status, state.padding = PLATFORM_CONFIG, 200, 0
    yield server, state
    state.release.set()
    state.release = threading.Event()
    app.config["LTI_REGISTRATION_ALLOWED_HOSTS"] = ()


def _register(tool_server, config_url: str, token: str | None = "reg-token-1") -> requests.Response:
    params = {"openid_configuration": config_url}
    if token:
        params["registration_token"] = token
    return requests.get(tool_server.url + "/lti/register", params=params, timeout=10)


def _config_url(server: ServerThread) -> str:
    return server.url + "/.well-known/openid-configuration"


def test_registration_stores_the_platform_and_its_deployment(tool_server, platform_site, db) -> None:
    server, state = platform_site
    response = _register(tool_server, _config_url(server))

    assert response.status_code == 200, response.text
    assert "L'outil est enregistré" in response.text and "en attente" in response.text
    assert f"frame-ancestors 'self' {server.url}" in response.headers["Content-Security-Policy"]
    platform = db.scalars(select(Platform).where(Platform.client_id == "moodle-client-42")).one()
    assert platform.issuer == server.url and platform.key_set_url == f"{server.url}/jwks"
    assert [d.deployment_id for d in platform.deployments] == ["17"]

    sent, authorization = state.received[0]
    assert authorization == "Bearer reg-token-1"
    assert sent["response_types"] == ["id_token"]
    assert sent["token_endpoint_auth_method"] == "private_key_jwt"
    assert sent["initiate_login_uri"] == f"{tool_server.url}/lti/login"
    assert sent["redirect_uris"] == [f"{tool_server.url}/lti/launch"]
    assert sent["jwks_uri"] == f"{tool_server.url}/lti/jwks"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem" in sent["scope"].split()
    assert "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly" in sent["scope"].split()
    assert sent[TOOL_CONFIG]["domain"] == tool_server.url.split("://")[1]
    assert sent[TOOL_CONFIG]["target_link_uri"] == f"{tool_server.url}/lti/launch"
    assert "métiers du numérique" in sent[TOOL_CONFIG]["description"]


def test_a_trailing_space_in_the_platform_configuration_key_is_tolerated(tool_server, platform_site, db) -> None:
    server, state = platform_site
    state.platform_key = PLATFORM_CONFIG + " "
    assert _register(tool_server, _config_url(server)).status_code == 200
    assert db.scalars(select(Platform.name).where(Platform.client_id == "moodle-client-42")).one() == "moodle"


@pytest.mark.parametrize(
    "config_url, reason",
    [
        ("http://lms.example.org/.well-known/openid-configuration", "pas HTTPS"),
        ("file:///etc/passwd", "pas HTTPS"),
        ("https://user:pw@lms.example.org/config", "pas acceptée"),
    ],
    ids=["plain http to a remote host", "file URL", "credentials in the URL"],
)
def test_unsafe_configuration_urls_are_refused_without_a_fetch(tool_server, registered, config_url, reason, db) -> None:
    response = _register(tool_server, config_url)
    assert response.status_code == 400
    assert "pas acceptée" in response.text
    assert db.scalars(select(Platform).where(Platform.name != "Plateforme de test")).first() is None


def test_missing_configuration_says_where_the_page_opens_from(tool_server, registered) -> None:
    response = requests.get(tool_server.url + "/lti/register", timeout=10)
    assert response.status_code == 400
    assert "depuis la plateforme de formation" in response.text


@pytest.mark.parametrize(
    "field, where",
    [
        ("issuer", "https://elsewhere.example.org"),
        ("issuer", "{scheme}://{host}:1"),
        ("issuer", "https://{host}:{port}"),
        ("registration_endpoint", "https://elsewhere.example.org/register"),
        ("registration_endpoint", "{scheme}://{host}:1/register"),
    ],
    ids=["issuer on another host", "issuer on another port", "issuer over another scheme",
         "endpoint on another host", "endpoint on another port"],
)  # fmt: skip
def test_issuer_and_registration_endpoint_must_share_the_configuration_origin(
    tool_server, platform_site, db, field, where
) -> None:
    """Same scheme, host and port: a server on another port of the LMS's host is another site."""
    server, state = platform_site
    scheme, rest = server.url.split("://")
    host, port = rest.split(":")
    state.config_overrides[field] = where.format(scheme=scheme, host=host, port=port)
    response = _register(tool_server, _config_url(server))
    assert response.status_code == 400
    assert "même origine" in response.text
    assert state.received == []


def test_a_refusing_platform_is_explained(tool_server, platform_site, db) -> None:
    server, state = platform_site
    state.registration_status = 400
    response = _register(tool_server, _config_url(server))
    assert response.status_code == 502
    assert "invalid_client_metadata" in response.text
    assert db.scalars(select(Deployment).where(Deployment.deployment_id == "17")).first() is None


def test_an_oversized_configuration_is_refused(tool_server, platform_site, app) -> None:
    server, state = platform_site
    state.padding = app.config["LTI_HTTP_MAX_BYTES"] + 10
    response = _register(tool_server, _config_url(server))
    assert response.status_code == 502
    assert "larger than" in response.text


def test_the_allow_list_limits_platform_hosts(tool_server, platform_site, app) -> None:
    server, state = platform_site
    app.config["LTI_REGISTRATION_ALLOWED_HOSTS"] = ("moodle.afpa.example",)
    response = _register(tool_server, _config_url(server))
    assert response.status_code == 403
    assert "pas dans la liste des plateformes acceptées" in response.text
    assert state.received == []


def test_missing_configuration_fields_are_named(tool_server, platform_site) -> None:
    server, state = platform_site
    state.config_overrides["jwks_uri"] = ""
    response = _register(tool_server, _config_url(server))
    assert response.status_code == 400
    assert "jwks_uri" in response.text


@pytest.mark.parametrize(
    "config_url",
    ["http://[::1", "https://", "https://lms.example.org;script-src *", "javascript:alert(1)"],
    ids=["broken IPv6", "no host", "header injection attempt", "javascript URL"],
)
def test_garbage_configuration_urls_get_a_400_and_a_clean_header(tool_server, registered, config_url) -> None:
    response = _register(tool_server, config_url)
    assert response.status_code == 400
    csp = response.headers["Content-Security-Policy"]
    assert csp.endswith("frame-ancestors 'self'") and "*" not in csp


def test_a_platform_that_does_not_answer_in_time_is_given_up(tool_server, platform_site, app, monkeypatch) -> None:
    """The platform here would answer after a minute; the tool gives up at its deadline."""
    server, state = platform_site
    monkeypatch.setitem(app.config, "LTI_HTTP_DEADLINE_SECONDS", 0.5)
    started = time.monotonic()
    response = _register(tool_server, server.url + "/slow/.well-known/openid-configuration")
    assert response.status_code == 502 and "Timeout" in response.text
    assert time.monotonic() - started < 15
    assert state.received == []
