"""The registration endpoint (LTI Dynamic Registration 1.0), as strict as Moodle's openid-registration.php."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from devplatform import ToolRegistration
from devplatform.registry import InvalidRegistrationToken, ToolRegistry

from .conftest import SERVICE_SCOPES, TOOL_CONFIGURATION, client_registration

DROP = object()
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


def changed(body: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of body with the field at path set to value, or removed for DROP."""
    body = copy.deepcopy(body)
    *parents, name = path
    target = body
    for parent in parents:
        target = target[parent]
    if value is DROP:
        del target[name]
    else:
        target[name] = value
    return body


# --- the registration token ---------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer not-issued-here"])
def test_without_a_registration_token_issued_here_it_is_401(dev, tool, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}

    response = dev.http.post(dev.url + "/register", json=client_registration(tool.url), headers=headers)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert dev.platform.registration_status == "manual"


def test_a_registration_token_serves_once(dev, tool):
    _, token = dev.platform.start_registration()
    assert dev.register(client_registration(tool.url), token).status_code == 200

    again = dev.register(client_registration(tool.url), token)

    assert again.status_code == 401 and again.json()["error"] == "invalid_token"


def test_a_refused_request_does_not_use_up_the_token(dev, tool):
    _, token = dev.platform.start_registration()
    assert dev.register(changed(client_registration(tool.url), ("client_name",), DROP), token).status_code == 400

    assert dev.register(client_registration(tool.url), token).status_code == 200


def test_a_registration_token_expires_after_an_hour():
    now = [1000.0]
    registry = ToolRegistry(ToolRegistration("c", "d", "http://t/l", ("http://t/r",), "http://t/j", "http://t/r"),
                            clock=lambda: now[0])
    token = registry.issue_token()
    now[0] += 3599
    registry.check_token(token)

    now[0] += 1
    with pytest.raises(InvalidRegistrationToken):
        registry.check_token(token)


# --- the client metadata ------------------------------------------------------

LTI = (TOOL_CONFIGURATION,)
BAD_METADATA = "invalid_client_metadata"
BAD_REDIRECT = "invalid_redirect_uri"


def elsewhere(tool_url: str, path: str) -> str:
    """The same machine under another host name: still not the tool's domain."""
    return tool_url.replace("127.0.0.1", "localhost") + path


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        pytest.param(("application_type",), "native", BAD_METADATA, id="application_type not web"),
        pytest.param(("response_types",), DROP, BAD_METADATA, id="response_types missing"),
        pytest.param(("response_types",), ["code"], BAD_METADATA, id="response_types without id_token"),
        pytest.param(("response_types",), "id_token", BAD_METADATA, id="response_types not a list"),
        pytest.param(("grant_types",), DROP, BAD_METADATA, id="grant_types missing"),
        pytest.param(("grant_types",), ["implicit"], BAD_METADATA, id="grant_types without client_credentials"),
        pytest.param(("grant_types",), ["client_credentials"], BAD_METADATA, id="grant_types without implicit"),
        pytest.param(("initiate_login_uri",), DROP, BAD_METADATA, id="initiate_login_uri missing"),
        pytest.param(("initiate_login_uri",), "javascript:alert(1)", BAD_METADATA, id="initiate_login_uri not http"),
        pytest.param(("redirect_uris",), DROP, BAD_REDIRECT, id="redirect_uris missing"),
        pytest.param(("redirect_uris",), [], BAD_REDIRECT, id="redirect_uris empty"),
        pytest.param(("redirect_uris",), "{tool}/lti/launch", BAD_REDIRECT, id="redirect_uris not a list"),
        pytest.param(("redirect_uris",), ["{tool}/lti/launch#frag"], BAD_REDIRECT, id="redirect_uri with fragment"),
        pytest.param(("client_name",), DROP, BAD_METADATA, id="client_name missing"),
        pytest.param(("client_name",), " ", BAD_METADATA, id="client_name blank"),
        pytest.param(("jwks_uri",), DROP, BAD_METADATA, id="jwks_uri missing"),
        pytest.param(("token_endpoint_auth_method",), DROP, BAD_METADATA, id="token_endpoint_auth_method missing"),
        pytest.param(("token_endpoint_auth_method",), "client_secret_basic", BAD_METADATA,
                     id="token_endpoint_auth_method not private_key_jwt"),
        pytest.param(("scope",), list(SERVICE_SCOPES), BAD_METADATA, id="scope not a string"),
        pytest.param(LTI, DROP, BAD_METADATA, id="lti-tool-configuration missing"),
        pytest.param(LTI, "{}", BAD_METADATA, id="lti-tool-configuration not an object"),
        pytest.param((*LTI, "domain"), DROP, BAD_METADATA, id="domain missing"),
        pytest.param((*LTI, "domain"), "{tool}", BAD_METADATA, id="domain with a scheme"),
        pytest.param((*LTI, "domain"), "127.0.0.1", BAD_METADATA, id="domain without the port the URLs use"),
        pytest.param((*LTI, "target_link_uri"), DROP, BAD_METADATA, id="target_link_uri missing"),
        pytest.param((*LTI, "messages"), {"type": "LtiResourceLinkRequest"}, BAD_METADATA, id="messages not a list"),
        pytest.param((*LTI, "messages"), [{"label": "x"}], BAD_METADATA, id="message without type"),
        pytest.param((*LTI, "custom_parameters"), {"n": 1}, BAD_METADATA, id="custom parameter not a string"),
    ],
)
def test_a_bad_registration_is_refused_with_the_rfc_7591_error(dev, tool, path, value, error):
    if isinstance(value, str):
        value = value.replace("{tool}", tool.url)
    elif isinstance(value, list):
        value = [v.replace("{tool}", tool.url) if isinstance(v, str) else v for v in value]
    _, token = dev.platform.start_registration()

    response = dev.register(changed(client_registration(tool.url), path, value), token)

    assert response.status_code == 400, response.text
    assert response.json()["error"] == error and response.json()["error_description"]
    assert dev.platform.registration_status == "manual" and dev.platform.registration.client_id == "dev-tool"


@pytest.mark.parametrize(
    ("path", "error"),
    [
        (("initiate_login_uri",), BAD_METADATA),
        (("redirect_uris",), BAD_REDIRECT),
        (("jwks_uri",), BAD_METADATA),
        ((*LTI, "target_link_uri"), BAD_METADATA),
        ((*LTI, "messages"), BAD_METADATA),
    ],
    ids=lambda p: p[-1] if isinstance(p, tuple) else p,
)
def test_every_url_must_be_on_the_tool_domain(dev, tool, path, error):
    url = elsewhere(tool.url, "/lti/x")
    value = {"redirect_uris": [url], "messages": [{"type": "LtiResourceLinkRequest", "target_link_uri": url}]}
    _, token = dev.platform.start_registration()

    response = dev.register(changed(client_registration(tool.url), path, value.get(path[-1], url)), token)

    assert response.status_code == 400 and response.json()["error"] == error
    assert "domain" in response.json()["error_description"]


def test_a_url_with_a_user_name_is_refused_even_if_the_host_matches(dev, tool):
    sneaky = tool.url.replace("http://", "http://127.0.0.1:1@") + "/lti/jwks"
    _, token = dev.platform.start_registration()

    response = dev.register(changed(client_registration(tool.url), ("jwks_uri",), sneaky), token)

    assert response.status_code == 400 and response.json()["error"] == BAD_METADATA


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_the_registration_must_be_sent_as_json(dev, tool, content_type):
    _, token = dev.platform.start_registration()

    response = dev.http.post(dev.url + "/register", data="{}", headers={
        "Authorization": f"Bearer {token}", "Content-Type": content_type})

    assert response.status_code == 400 and response.json()["error"] == BAD_METADATA


def test_a_json_array_is_not_a_registration(dev):
    _, token = dev.platform.start_registration()

    response = dev.register([client_registration("http://127.0.0.1:1")], token)

    assert response.status_code == 400 and response.json()["error"] == BAD_METADATA


# --- a good registration ------------------------------------------------------


def test_a_good_registration_creates_a_new_pending_client_and_deployment(dev, tool):
    _, token = dev.platform.start_registration()
    sent = client_registration(tool.url)

    response = dev.register(sent, token)

    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    answer = response.json()
    client_id, deployment_id = answer["client_id"], answer[TOOL_CONFIGURATION]["deployment_id"]
    assert client_id and client_id != "dev-tool"
    assert isinstance(deployment_id, str) and deployment_id and deployment_id != "1"
    for name in ("application_type", "response_types", "grant_types", "initiate_login_uri", "redirect_uris",
                 "client_name", "jwks_uri", "token_endpoint_auth_method"):
        assert answer[name] == sent[name]
    assert set(answer["scope"].split()) == set(SERVICE_SCOPES)
    assert {k: v for k, v in answer[TOOL_CONFIGURATION].items() if k != "deployment_id"} == sent[TOOL_CONFIGURATION]
    registration = dev.platform.registration
    assert (registration.client_id, registration.deployment_id) == (client_id, deployment_id)
    assert registration.login_url == tool.url + "/lti/login"
    assert registration.redirect_uris == (tool.url + "/lti/launch",)
    assert registration.jwks_url == tool.url + "/lti/jwks" == dev.platform.tool_keys.jwks_url
    assert registration.target_link_uri == tool.url + "/lti/launch"
    assert registration.client_name == "Parcours de la nurserie"
    assert dev.platform.registration_status == "pending"


def test_two_registrations_get_two_client_ids(dev, tool):
    first = dev.register_tool(tool)
    second = dev.register_tool(tool)

    assert first["client_id"] != second["client_id"]
    assert first[TOOL_CONFIGURATION]["deployment_id"] != second[TOOL_CONFIGURATION]["deployment_id"]
    assert dev.platform.registration.client_id == second["client_id"]


def test_only_the_scopes_the_platform_offers_are_granted(dev, tool):
    _, token = dev.platform.start_registration()
    body = changed(client_registration(tool.url), ("scope",), f"{SCORE} https://example.org/scope/unknown")

    answer = dev.register(body, token).json()

    assert answer["scope"] == SCORE
    assert dev.platform.registration.scopes == {SCORE}


def test_the_minimal_registration_moodle_accepts_is_accepted(dev, tool):
    body = client_registration(tool.url)
    for optional in (("application_type",), ("scope",), (*LTI, "messages"), (*LTI, "claims")):
        body = changed(body, optional, DROP)
    _, token = dev.platform.start_registration()

    response = dev.register(body, token)

    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "" and dev.platform.registration.scopes == frozenset()
