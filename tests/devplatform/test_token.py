"""The OAuth 2 token endpoint: a client assertion checked against the tool's published keys."""

from __future__ import annotations

import time

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from devplatform.tool_keys import ToolKeyCache

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


def bad_assertion(kind: str, tool, aud: str, other_key: rsa.RSAPrivateKey) -> str:
    now = int(time.time())
    make = {
        "no kid": lambda: tool.assertion(aud, headers={"kid": None}),
        "wrong signature": lambda: tool.assertion(aud, key=other_key),
        "unknown kid": lambda: tool.assertion(aud, headers={"kid": "unknown"}),
        "wrong aud": lambda: tool.assertion("https://elsewhere.example/token"),
        "expired": lambda: tool.assertion(aud, iat=now - 120, exp=now - 60),
        "iat in the future": lambda: tool.assertion(aud, iat=now + 600, exp=now + 660),
        "wrong iss": lambda: tool.assertion(aud, iss="another-tool"),
        "sub not iss": lambda: tool.assertion(aud, sub="another-tool"),
        "no jti": lambda: tool.assertion(aud, jti=None),
        "HS256": lambda: tool.assertion(aud, key="a-shared-secret-long-enough-for-hs256", algorithm="HS256"),
        "not a JWT": lambda: "not-a-jwt",
    }
    return make[kind]()


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("no kid", "no kid"),
        ("wrong signature", "Signature verification failed"),
        ("unknown kid", "no key with kid"),
        ("wrong aud", "Audience"),
        ("expired", "expired"),
        ("iat in the future", "iat"),
        ("wrong iss", "issuer"),
        ("sub not iss", "sub must equal iss"),
        ("no jti", "jti"),
        ("HS256", "RS256"),
        ("not a JWT", "not a JWT"),
    ],
)
def test_a_bad_assertion_is_an_invalid_client(dev, tool, other_key, kind, reason):
    assertion = bad_assertion(kind, tool, f"{dev.url}/token", other_key)

    response = dev.http.post(f"{dev.url}/token", data=token_request(dev, assertion))

    assert response.status_code == 401, response.text
    assert response.json()["error"] == "invalid_client"
    assert reason in response.json()["error_description"]


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
