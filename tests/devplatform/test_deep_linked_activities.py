"""Activities created by deep linking: listed in the course, and launched with the tool's url, custom
parameters and line item."""

from __future__ import annotations

import html
from typing import Any

import pytest

from devplatform.roster import ResourceLink
from devplatform.seed import ROUBAIX

from .conftest import LTI, deep_linking_response

AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


@pytest.fixture
def add(dev, tool):
    """Add activities to the Roubaix course through a whole deep linking exchange; the links created."""

    def add_items(*items: dict[str, Any]) -> list[ResourceLink]:
        request = dev.launch_claims("julien-lemaire", ROUBAIX, deep_linking=True)
        before = len(dev.platform.contexts[ROUBAIX].links)
        response = dev.deep_linking_return(request, tool.sign(deep_linking_response(request, list(items))))
        assert response.status_code == 200, response.text
        return list(dev.platform.contexts[ROUBAIX].links[before:])

    return add_items


def test_a_created_link_launches_its_url_with_its_custom_parameters(dev, tool, add):
    url = tool.url + "/lti/launch?module=soft-skills"
    [link] = add({"type": "ltiResourceLink", "title": "Savoir-être", "text": "Module de soft skills", "url": url,
                  "custom": {"module": "soft-skills", "cours": "$Context.id", "modalite": "ignorée"}})

    _, login = dev.platform.login_initiation("ines-belkacem", ROUBAIX, resource_link_id=link.id)
    claims = dev.launch_claims("ines-belkacem", ROUBAIX, link.id)

    assert login["target_link_uri"] == url
    assert claims[LTI + "message_type"] == "LtiResourceLinkRequest"
    assert claims[LTI + "target_link_uri"] == url
    assert claims[LTI + "resource_link"] == {"id": link.id, "title": "Savoir-être",
                                             "description": "Module de soft skills"}
    # The link's parameters, $variables substituted; the user's own still win.
    assert claims[LTI + "custom"] == {"module": "soft-skills", "cours": ROUBAIX, "modalite": "presentiel"}


def test_a_created_link_without_url_launches_the_tool_default(dev, tool, add):
    [link] = add({"type": "ltiResourceLink"})

    claims = dev.launch_claims("kevin-dufour", ROUBAIX, link.id)

    assert claims[LTI + "target_link_uri"] == tool.url + "/lti/launch"
    assert claims[LTI + "resource_link"]["title"] == "Nouvelle activité"
    assert claims[LTI + "custom"] == {"modalite": "distanciel"}


def test_a_created_link_with_a_line_item_announces_its_own(dev, add, bearer):
    with_item, without_item = add(
        {"type": "ltiResourceLink", "title": "Quiz", "lineItem": {"scoreMaximum": 10, "resourceId": "quiz-1"}},
        {"type": "ltiResourceLink", "title": "Lecture"},
    )
    [item] = [i for i in dev.platform.line_items.values() if i.resource_link_id == with_item.id]

    ags = dev.launch_claims("ines-belkacem", ROUBAIX, with_item.id)[AGS]
    plain = dev.launch_claims("ines-belkacem", ROUBAIX, without_item.id)[AGS]

    assert item.label == "Quiz" and item.score_maximum == 10.0
    assert ags["lineitem"] == f"{dev.url}/api/contexts/{ROUBAIX}/lineitems/{item.id}/lineitem?type_id=1"
    assert "lineitem" not in plain
    headers = bearer("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly")
    found = dev.http.get(f"{dev.url}/api/contexts/{ROUBAIX}/lineitems",
                         params={"resource_link_id": with_item.id}, headers=headers).json()
    assert [(i["label"], i["resourceId"]) for i in found] == [("Quiz", "quiz-1")]


def test_the_course_activities_page_offers_every_persona_each_activity(dev, add):
    [link] = add({"type": "ltiResourceLink", "title": "Atelier CV"})

    response = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/activities")

    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "Parcours de la nurserie" in page and "Atelier CV" in page
    for user_id in ("ines-belkacem", "kevin-dufour", "nadia-haddad", "olivier-martin"):
        assert f"/courses/{ROUBAIX}/launch/{user_id}?link={link.id}" in page


def test_the_launch_page_of_a_created_link_frames_its_login(dev, tool, add, read_form):
    url = tool.url + "/lti/launch?module=cv"
    [link] = add({"type": "ltiResourceLink", "title": "Atelier CV", "url": url})

    frame = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/ines-belkacem", params={"link": link.id})
    start = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/ines-belkacem/start",
                         params={"target": "iframe", "link": link.id})

    assert frame.status_code == 200 and "Atelier CV" in html.unescape(frame.text)
    assert f"link={link.id}" in frame.text
    assert read_form(start.text)[1]["target_link_uri"] == url


def test_an_unknown_activity_is_a_french_404(dev):
    response = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/ines-belkacem", params={"link": "nope"})

    assert response.status_code == 404 and "Cette activité n'existe pas" in html.unescape(response.text)
