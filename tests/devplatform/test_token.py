"""The OAuth 2 token endpoint: a client assertion checked against the tool's published keys."""

from __future__ import annotations

import time

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from lti.devplatform.tool_keys import ToolKeyCache

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


@pytest.fixture(scope="module")
def other_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def token_request(dev, assertion: str, **changes: str | None) -> dict[str, str]:
    form = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion, "scope": f"{SCORE} {NRPS}", **changes}
    return {k: v for k, v in form.items() if v is not None}


def test_a_good_assertion_earns_a_bearer_token_with_the_granted_scopes(dev, tool):
    form = token_request(dev, tool.assertion(f"{dev.url}/token"), scope=f"{SCORE} {NRPS} https://example.org/other")

    response = dev.http.post(f"{dev.url}/token", data=form)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert set(body["scope"].split()) == {SCORE, NRPS}
    assert response.headers["Cache-Control"] == "no-store"
    assert dev.platform.issued_tokens[-1].value == body["access_token"]


def test_an_audience_list_containing_the_token_url_is_accepted(dev, tool):
    assertion = tool.assertion(f"{dev.url}/token", aud=["https://elsewhere.example", f"{dev.url}/token"])

    assert dev.http.post(f"{dev.url}/token", data=token_request(dev, assertion)).status_code == 200


@pytest.mark.parametrize(
    "make_assertion",
    [
        pytest.param(lambda tool, aud, other: tool.assertion(aud, headers={"kid": None}), id="no kid"),
        pytest.param(lambda tool, aud, other: tool.assertion(aud, key=other), id="wrong signature"),
        pytest.param(lambda tool, aud, other: tool.assertion(aud, headers={"kid": "unknown"}), id="unknown kid"),
        pytest.param(lambda tool, aud, other: tool.assertion("https://elsewhere.example/token"), id="wrong aud"),
        pytest.param(lambda tool, aud, other: tool.assertion(aud, exp=int(time.time()) - 60), id="expired"),
        pytest.param(lambda tool, aud, other: tool.assertion(aud, iat=int(time.time()) + 600), id="iat in future"),
        pytest.param(lambda tool, aud, other: tool.assertion(aud, iss="another-tool"), id="wrong iss"),
        pytest.param(lambda tool, aud, other: tool.assertion(aud, sub="another-tool"), id="sub not iss"),
        pytest.param(lambda tool, aud, other: tool.assertion(aud, jti=None), id="no jti"),
        pytest.param(lambda tool, aud, other: tool.assertion(aud, key="a-shared-secret-long-enough-for-hs256", algorithm="HS256"), id="HS256"),
        pytest.param(lambda tool, aud, other: "not-a-jwt", id="not a JWT"),
    ],
)
def test_a_bad_assertion_is_an_invalid_client(dev, tool, other_key, make_assertion):
    assertion = make_assertion(tool, f"{dev.url}/token", other_key)

    response = dev.http.post(f"{dev.url}/token", data=token_request(dev, assertion))

    assert response.status_code == 401, response.text
    assert response.json()["error"] == "invalid_client"
    assert response.json()["error_description"]


def test_a_reused_jti_is_refused(dev, tool):
    assertion = tool.assertion(f"{dev.url}/token", jti="once-only")
    first = dev.http.post(f"{dev.url}/token", data=token_request(dev, assertion))

    again = dev.http.post(f"{dev.url}/token", data=token_request(dev, assertion))

    assert first.status_code == 200
    assert again.status_code == 401 and "jti" in again.json()["error_description"]


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        pytest.param({"grant_type": None}, 400, "invalid_request", id="grant_type missing"),
        pytest.param({"grant_type": "password"}, 400, "unsupported_grant_type", id="grant_type password"),
        pytest.param({"client_assertion_type": "basic"}, 400, "invalid_request", id="assertion type wrong"),
        pytest.param({"client_assertion": None}, 400, "invalid_request", id="assertion missing"),
        pytest.param({"scope": None}, 400, "invalid_scope", id="scope missing"),
        pytest.param({"scope": "https://example.org/admin"}, 400, "invalid_scope", id="scope not allowed"),
        pytest.param({"client_id": "another-tool"}, 401, "invalid_client", id="client_id not the assertion's"),
    ],
)
def test_a_bad_token_request_gets_an_rfc_6749_error(dev, tool, changes, status, error):
    form = token_request(dev, tool.assertion(f"{dev.url}/token"), **changes)

    response = dev.http.post(f"{dev.url}/token", data=form)

    assert response.status_code == status
    assert response.json()["error"] == error


def test_an_unknown_kid_refetches_the_tool_jwks_at_most_once_per_interval(tool):
    now = [1000.0]
    cache = ToolKeyCache(tool.url + "/lti/jwks", interval=10, clock=lambda: now[0])
    fetches = len(tool.jwks_fetches)

    assert cache.key("tool-key-1") is not None
    assert cache.key("rotated") is None and cache.key("rotated-again") is None
    now[0] += 10
    assert cache.key("rotated") is None

    assert len(tool.jwks_fetches) - fetches == 2
