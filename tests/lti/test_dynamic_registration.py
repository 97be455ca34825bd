"""LTI Dynamic Registration at /lti/register, against a stand-in LMS served on loopback.

The stand-in records what the tool posts and can be told to misbehave; the whole
flow with the dev platform is in test_registration_flow.py, the attacks on trust
in test_registration_trust.py.
"""
from __future__ import annotations

import time

import pytest
import requests
from sqlalchemy import select

from lti.models import Deployment, Platform
from lti.registration import PLATFORM_CONFIG, TOOL_CONFIG


def _register(tool_server, config_url: str, token: str | None = "reg-token-1") -> requests.Response:
    params = {"openid_configuration": config_url}
    if token:
        params["registration_token"] = token
    return requests.get(tool_server.url + "/lti/register", params=params, timeout=10)


def test_registration_stores_the_platform_and_its_deployment(tool_server, lms, db) -> None:
    response = _register(tool_server, lms.config_url)

    assert response.status_code == 200, response.text
    assert "L'outil est enregistré" in response.text and "en attente" in response.text
    assert f"frame-ancestors 'self' {lms.url}" in response.headers["Content-Security-Policy"]
    platform = db.scalars(select(Platform).where(Platform.client_id == "moodle-client-42")).one()
    assert platform.issuer == lms.url and platform.key_set_url == f"{lms.url}/jwks"
    assert [d.deployment_id for d in platform.deployments] == ["17"]

    sent, authorization = lms.received[0]
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


def test_a_trailing_space_in_the_platform_configuration_key_is_tolerated(tool_server, lms, db) -> None:
    lms.platform_key = PLATFORM_CONFIG + " "
    assert _register(tool_server, lms.config_url).status_code == 200
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
    tool_server, lms, db, field, where
) -> None:
    """Same scheme, host and port: a server on another port of the LMS's host is another site."""
    scheme, rest = lms.url.split("://")
    host, port = rest.split(":")
    lms.overrides[field] = where.format(scheme=scheme, host=host, port=port)
    response = _register(tool_server, lms.config_url)
    assert response.status_code == 400
    assert "même origine" in response.text
    assert lms.received == []


def test_a_refusing_platform_is_explained(tool_server, lms, db) -> None:
    lms.registration_status = 400
    response = _register(tool_server, lms.config_url)
    assert response.status_code == 502
    assert "invalid_client_metadata" in response.text
    assert db.scalars(select(Deployment).where(Deployment.deployment_id == "17")).first() is None


def test_an_oversized_configuration_is_refused(tool_server, lms, app) -> None:
    lms.padding = app.config["LTI_HTTP_MAX_BYTES"] + 10
    response = _register(tool_server, lms.config_url)
    assert response.status_code == 502
    assert "larger than" in response.text


def test_the_allow_list_limits_platform_hosts(tool_server, lms, app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "LTI_REGISTRATION_ALLOWED_HOSTS", ("moodle.afpa.example",))
    response = _register(tool_server, lms.config_url)
    assert response.status_code == 403
    assert "pas dans la liste des plateformes acceptées" in response.text
    assert lms.received == []


def test_missing_configuration_fields_are_named(tool_server, lms) -> None:
    lms.overrides["jwks_uri"] = ""
    response = _register(tool_server, lms.config_url)
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


def test_a_platform_that_does_not_answer_in_time_is_given_up(tool_server, lms, app, monkeypatch) -> None:
    """The platform here would answer after a minute; the tool gives up at its deadline."""
    monkeypatch.setitem(app.config, "LTI_HTTP_DEADLINE_SECONDS", 0.5)
    started = time.monotonic()
    response = _register(tool_server, lms.url + "/slow/.well-known/openid-configuration")
    assert response.status_code == 502 and "Timeout" in response.text
    assert time.monotonic() - started < 15
    assert lms.received == []


@pytest.mark.parametrize(
    "change",
    [
        {"client_id": "x" * 256},
        {"client_id": "moodle\x00client"},
        {"deployment_id": "1\x00"},
        {"issuer": "{url}/\x00"},
        {"jwks_uri": "{url}/" + "k" * 1000},
    ],
    ids=["client id over 255", "NUL in the client id", "NUL in the deployment id", "NUL in the issuer", "key set URL over 1000"],
)  # fmt: skip
def test_identifiers_no_column_could_keep_whole_are_refused(tool_server, lms, db, change) -> None:
    """What a platform chose is kept whole or not at all: cutting it could make it someone else's."""
    if "client_id" in change:
        lms.client_id = change["client_id"]
    elif "deployment_id" in change:
        lms.deployment_id = change["deployment_id"]
    else:
        lms.overrides.update({k: v.format(url=lms.url) for k, v in change.items()})
    response = _register(tool_server, lms.config_url)
    assert response.status_code == 400 and "caractère interdit" in response.text
    assert db.scalars(select(Platform).where(Platform.name != "Plateforme de test")).first() is None


def test_a_product_name_with_a_nul_falls_back_to_the_host_name(tool_server, lms, db) -> None:
    lms.overrides[PLATFORM_CONFIG] = {"product_family_code": "moo\x00dle"}
    assert _register(tool_server, lms.config_url).status_code == 200
    assert db.scalars(select(Platform.name).where(Platform.client_id == "moodle-client-42")).one() == "localhost"
