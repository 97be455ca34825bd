"""A second tool entered by hand beside the current one: what the launch benchmark's reference tool needs."""

from __future__ import annotations

import uuid

import jwt
import pytest

from devplatform import ToolRegistration
from devplatform.seed import ROUBAIX

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
REFERENCE_URL = "http://127.0.0.1:9"


@pytest.fixture
def reference(dev) -> ToolRegistration:
    registration = ToolRegistration(
        client_id="reference-tool", deployment_id="ref-1", login_url=REFERENCE_URL + "/login/",
        redirect_uris=(REFERENCE_URL + "/launch/",), jwks_url=REFERENCE_URL + "/jwks/",
        target_link_uri=REFERENCE_URL + "/launch/",
    )  # fmt: skip
    dev.platform.add_tool(registration)
    return registration


def auth_params(dev, login: dict[str, str], redirect_uri: str) -> dict[str, str]:
    return {
        "scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
        "client_id": login["client_id"], "redirect_uri": redirect_uri, "login_hint": login["login_hint"],
        "lti_message_hint": login["lti_message_hint"], "nonce": uuid.uuid4().hex, "state": uuid.uuid4().hex,
    }  # fmt: skip


def test_the_second_tool_is_launched_with_its_own_client_id_and_urls(dev, reference):
    url, login = dev.platform.login_initiation("ines-belkacem", ROUBAIX, client_id="reference-tool")

    action, fields = dev.authorize(auth_params(dev, login, reference.redirect_uris[0]))
    claims = jwt.decode(fields["id_token"], options={"verify_signature": False})

    assert url == REFERENCE_URL + "/login/"
    assert login["client_id"] == "reference-tool" and login["target_link_uri"] == REFERENCE_URL + "/launch/"
    assert action == REFERENCE_URL + "/launch/"
    assert claims["aud"] == "reference-tool" and claims[LTI + "deployment_id"] == "ref-1"
    assert claims[LTI + "target_link_uri"] == REFERENCE_URL + "/launch/"


def test_the_current_tool_is_still_the_default(dev, tool, reference):
    _, login = dev.platform.login_initiation("ines-belkacem", ROUBAIX)

    action, fields = dev.authorize(auth_params(dev, login, tool.url + "/lti/launch"))

    assert login["client_id"] == "dev-tool"
    assert jwt.decode(fields["id_token"], options={"verify_signature": False})["aud"] == "dev-tool"


def test_a_hint_issued_for_one_tool_launches_no_other(dev, tool, reference):
    _, login = dev.platform.login_initiation("ines-belkacem", ROUBAIX)

    _, fields = dev.authorize(auth_params(dev, {**login, "client_id": "reference-tool"}, reference.redirect_uris[0]))

    assert fields["error"] == "access_denied" and "id_token" not in fields


def test_the_second_tool_cannot_redirect_to_the_first_tools_launch_url(dev, tool, reference):
    _, login = dev.platform.login_initiation("ines-belkacem", ROUBAIX, client_id="reference-tool")

    response = dev.http.get(dev.url + "/auth", params=auth_params(dev, login, tool.url + "/lti/launch"))

    assert response.status_code == 400


def test_an_unknown_client_id_launches_nothing(dev, reference):
    with pytest.raises(KeyError):
        dev.platform.login_initiation("ines-belkacem", ROUBAIX, client_id="nobody")


def test_the_second_tool_may_not_take_the_current_tools_client_id(dev):
    with pytest.raises(ValueError):
        dev.platform.add_tool(dev.platform.registration)
