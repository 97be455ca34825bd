"""The OpenID configuration: what a tool reads first during dynamic registration."""

from __future__ import annotations

import pytest

from devplatform.openid_configuration import moodle_trailing_space

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


@pytest.mark.parametrize("path", ["/.well-known/openid-configuration", "/registration/openid-configuration"])
def test_the_configuration_names_every_endpoint_and_what_the_platform_supports(dev, path):
    response = dev.http.get(dev.url + path)

    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    config = response.json()
    assert config["issuer"] == dev.url
    assert config["authorization_endpoint"] == dev.url + "/auth"
    assert config["registration_endpoint"] == dev.url + "/register"
    assert config["jwks_uri"] == dev.url + "/jwks"
    assert config["token_endpoint"] == dev.url + "/token"
    assert config["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    assert config["token_endpoint_auth_signing_alg_values_supported"] == ["RS256"]
    assert set(config["scopes_supported"]) == {
        "openid", NRPS, *(AGS + s for s in ("lineitem", "lineitem.readonly", "result.readonly", "score"))}
    assert config["response_types_supported"] == ["id_token"]
    assert config["subject_types_supported"] == ["public", "pairwise"]
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]
    assert {"sub", "iss", "name", "given_name", "family_name", "email"} <= set(config["claims_supported"])
    lti = config[PLATFORM_CONFIGURATION]
    assert lti["product_family_code"] == "devplatform" and lti["version"]
    assert lti["messages_supported"] == [{"type": "LtiResourceLinkRequest"}, {"type": "LtiDeepLinkingRequest"}]
    assert "Context.id" in lti["variables"]


def test_the_url_handed_to_tools_is_under_the_issuer(dev):
    config_url, _ = dev.platform.start_registration()

    assert config_url.startswith(dev.url + "/")
    assert dev.http.get(config_url).json() == dev.http.get(dev.url + "/.well-known/openid-configuration").json()


def test_a_test_can_make_the_configuration_quirky_like_moodle_once_was(dev):
    dev.platform.tweak_openid_configuration(moodle_trailing_space)
    quirky = dev.http.get(dev.url + "/registration/openid-configuration").json()
    dev.platform.tweak_openid_configuration(None)
    plain = dev.http.get(dev.url + "/registration/openid-configuration").json()

    assert PLATFORM_CONFIGURATION not in quirky
    assert quirky[PLATFORM_CONFIGURATION + " "]["product_family_code"] == "devplatform"
    assert PLATFORM_CONFIGURATION in plain


def test_any_tweak_applies_to_every_configuration_served(dev):
    dev.platform.tweak_openid_configuration(lambda config: config.pop("registration_endpoint"))

    for path in ("/.well-known/openid-configuration", "/registration/openid-configuration"):
        assert "registration_endpoint" not in dev.http.get(dev.url + path).json()
