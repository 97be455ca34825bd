"""Deep linking requests (LTI Deep Linking 2.0): who may ask, and the id_token the tool receives."""

from __future__ import annotations

import html

import pytest

from devplatform.registry import ToolPending
from devplatform.seed import LILLE, ROUBAIX

from .conftest import DEEP_LINKING_SETTINGS, LTI

AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def test_the_deep_linking_request_carries_the_settings_and_no_resource_link(dev, tool):
    claims = dev.launch_claims("nadia-haddad", ROUBAIX, deep_linking=True)

    assert claims[LTI + "message_type"] == "LtiDeepLinkingRequest"
    assert claims[LTI + "version"] == "1.3.0" and claims[LTI + "deployment_id"] == "1"
    assert claims["aud"] == "dev-tool" and claims["sub"] == "nadia-haddad"
    assert LTI + "resource_link" not in claims
    assert claims[LTI + "target_link_uri"] == tool.url + "/lti/launch"
    assert claims[LTI + "roles"] == [INSTRUCTOR]
    assert claims[LTI + "context"]["id"] == ROUBAIX
    settings = claims[DEEP_LINKING_SETTINGS]
    assert settings["deep_link_return_url"] == f"{dev.url}/courses/{ROUBAIX}/deep-linking/return"
    assert settings["accept_types"] == ["ltiResourceLink"]
    assert settings["accept_presentation_document_targets"] == ["iframe", "window"]
    assert settings["accept_multiple"] is True and settings["auto_create"] is True
    assert settings["title"] and "Nurserie numérique — Afpa Roubaix" in settings["text"]
    assert isinstance(settings["data"], str) and settings["data"]


def test_the_deep_linking_request_offers_the_line_items_container_but_no_line_item(dev):
    ags = dev.launch_claims("claire-vasseur", LILLE, deep_linking=True)[AGS]

    assert ags["lineitems"] == f"{dev.url}/api/contexts/{LILLE}/lineitems"
    assert "lineitem" not in ags


def test_each_deep_linking_request_has_its_own_data(dev):
    first = dev.launch_claims("julien-lemaire", ROUBAIX, deep_linking=True)
    second = dev.launch_claims("julien-lemaire", ROUBAIX, deep_linking=True)

    assert first[DEEP_LINKING_SETTINGS]["data"] != second[DEEP_LINKING_SETTINGS]["data"]


def test_the_login_initiation_names_the_tool_launch_url_and_a_hint(dev, tool):
    url, params = dev.platform.deep_linking_initiation("nadia-haddad", ROUBAIX)

    assert url == tool.url + "/lti/login"
    assert params["iss"] == dev.url and params["login_hint"] == "nadia-haddad"
    assert params["target_link_uri"] == tool.url + "/lti/launch"
    assert params["client_id"] == "dev-tool" and params["lti_deployment_id"] == "1"
    assert params["lti_message_hint"]


@pytest.mark.parametrize("user_id", ["ines-belkacem", "olivier-martin"], ids=["learner", "mentor"])
def test_only_staff_may_ask_for_a_deep_link(dev, user_id):
    with pytest.raises(ValueError):
        dev.platform.deep_linking_initiation(user_id, ROUBAIX)


def test_someone_not_enrolled_may_not_ask_for_a_deep_link(dev):
    with pytest.raises(KeyError):
        dev.platform.deep_linking_initiation("sarah-lefebvre", ROUBAIX)


def test_home_offers_to_add_an_activity_to_staff_personas_only(dev):
    page = html.unescape(dev.http.get(dev.url + "/").text)

    for name in ("Nadia Haddad", "Julien Lemaire", "Claire Vasseur"):
        assert page.count(f"Ajouter une activité depuis l'outil, en tant que {name}") == 2, name
    for name in ("Inès Belkacem", "Kévin Dufour", "Olivier Martin", "Sarah Lefebvre"):
        assert f"en tant que {name}\"" not in page
    assert f'href="/courses/{ROUBAIX}/add-activity/nadia-haddad"' in page
    assert f'href="/courses/{ROUBAIX}/activities"' in page


def test_the_add_activity_page_frames_the_deep_linking_login(dev, tool, read_form):
    page = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/add-activity/nadia-haddad")

    assert page.status_code == 200
    assert f'src="/courses/{ROUBAIX}/add-activity/nadia-haddad/start?target=iframe"' in page.text
    start = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/add-activity/nadia-haddad/start?target=iframe")
    action, fields = read_form(start.text)
    assert action == tool.url + "/lti/login" and fields["login_hint"] == "nadia-haddad"
    params = {**dev.auth_params("nadia-haddad", ROUBAIX, deep_linking=True),
              "lti_message_hint": fields["lti_message_hint"]}
    claims = dev.verify(dev.authorize(params)[1]["id_token"])
    assert claims[LTI + "message_type"] == "LtiDeepLinkingRequest"


@pytest.mark.parametrize("path", ["", "/start"])
def test_a_learner_gets_a_french_403_instead_of_a_deep_linking_launch(dev, path):
    response = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/add-activity/ines-belkacem{path}")

    assert response.status_code == 403
    assert "peuvent y ajouter une activité" in html.unescape(response.text)


def test_no_deep_linking_request_goes_to_a_tool_awaiting_activation(dev, tool):
    dev.register_tool(tool)

    with pytest.raises(ToolPending):
        dev.platform.deep_linking_initiation("nadia-haddad", ROUBAIX)
    assert dev.http.get(f"{dev.url}/courses/{ROUBAIX}/add-activity/nadia-haddad/start").status_code == 403
