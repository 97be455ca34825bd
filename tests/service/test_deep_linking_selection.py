"""Deep linking: a trainer picks modules; the tool answers the LMS with signed resource links."""
from __future__ import annotations

from typing import Any

import jwt
import pytest
import requests

from devplatform.seed import ROUBAIX
from lti import claims as c

from ..lti_browser import LtiBrowser, parse_form

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


def _deep_linking(return_url: str, multiple: bool = True):
    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        claims[c.MESSAGE_TYPE] = "LtiDeepLinkingRequest"
        claims.pop(c.RESOURCE_LINK, None)
        claims[c.DEEP_LINKING_SETTINGS] = {
            "deep_link_return_url": return_url,
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "accept_multiple": multiple,
            "auto_create": True,
            "data": "opaque-data-42",
        }

    return tweak


@pytest.fixture
def selection(platform_server, platform):
    def open_selection(user: str = "nadia-haddad", multiple: bool = True):
        browser = LtiBrowser(platform)
        platform.tweak_next_launch(_deep_linking(platform_server.url + "/deep-link/return", multiple))
        launched = browser.launch(user, ROUBAIX)
        return browser, launched

    return open_selection


def _verify(token: str, tool_server, platform_server) -> dict[str, Any]:
    jwks = requests.get(tool_server.url + "/lti/jwks", timeout=5).json()
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWK(next(k for k in jwks["keys"] if k["kid"] == kid))
    return jwt.decode(token, key.key, algorithms=["RS256"], audience=platform_server.url)


def _submit(browser: LtiBrowser, page, **choices: Any) -> requests.Response:
    action, fields = parse_form(page.text)
    fields.pop("cancel", None)
    data = list(fields.items()) + [(k, v) for k, values in choices.items() for v in values]
    return browser.http.post(requests.compat.urljoin(page.url, action), data=data)


def test_trainer_picks_modules_and_the_answer_is_signed_for_the_platform(
    selection, tool_server, platform_server
) -> None:
    browser, launched = selection()
    assert launched.response.status_code == 200
    assert "Ajouter des modules au cours" in launched.response.text

    answer = _submit(browser, launched.response, choice=["parcours", "developpement-web", "confiance-en-soi"])

    assert answer.status_code == 200
    action, fields = parse_form(answer.text)
    assert action == platform_server.url + "/deep-link/return"
    assert f"form-action {platform_server.url}" in answer.headers["Content-Security-Policy"]
    claims = _verify(fields["JWT"], tool_server, platform_server)
    assert claims["iss"] == "dev-tool"
    assert claims[c.MESSAGE_TYPE] == "LtiDeepLinkingResponse"
    assert claims[DL + "data"] == "opaque-data-42"
    items = claims[DL + "content_items"]
    assert len(items) == 3
    assert items[0]["title"] == "Parcours de la nurserie" and not items[0].get("custom")
    assert items[0]["lineItem"] == {"scoreMaximum": 100, "label": "Parcours de la nurserie", "resourceId": "parcours",
                                    "tag": "parcours"}  # its own column: the share of the path passed  # fmt: skip
    web = next(i for i in items if i.get("custom", {}).get("module") == "developpement-web")
    assert web["type"] == "ltiResourceLink" and web["url"] == tool_server.url + "/lti/launch"
    assert web["lineItem"]["scoreMaximum"] == 100 and web["lineItem"]["resourceId"] == "developpement-web"
    soft = next(i for i in items if i.get("custom", {}).get("module") == "confiance-en-soi")
    assert soft["lineItem"]["resourceId"] == "confiance-en-soi"  # its quiz is scored: a column too


def test_cancel_sends_an_empty_answer(selection, tool_server, platform_server) -> None:
    browser, launched = selection()
    action, fields = parse_form(launched.response.text)
    answer = browser.http.post(requests.compat.urljoin(launched.response.url, action), data={**fields, "cancel": "1"})
    claims = _verify(parse_form(answer.text)[1]["JWT"], tool_server, platform_server)
    assert claims[DL + "content_items"] == []


@pytest.mark.parametrize(
    "choices, multiple, status, words",
    [
        ({}, True, 400, "Choisissez au moins un module"),
        ({"choice": ["developpement-web", "cybersecurite"]}, False, 400, "seul choix"),
        ({"choice": ["module-inexistant"]}, True, 400, "mal formée"),
    ],
    ids=["nothing chosen", "two choices where one is allowed", "unknown module"],
)
def test_bad_choices_are_refused(selection, choices, multiple, status, words) -> None:
    browser, launched = selection(multiple=multiple)
    response = _submit(browser, launched.response, **choices)
    assert response.status_code == status
    assert words in response.text.replace("&#39;", "'")


def test_learners_cannot_place_content(selection) -> None:
    _, launched = selection(user="ines-belkacem")
    assert launched.response.status_code == 403


def test_a_placed_module_opens_directly(platform, tool_server) -> None:
    def placed(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        claims[c.CUSTOM] = {**claims.get(c.CUSTOM, {}), "module": "cybersecurite"}

    platform.tweak_next_launch(placed)
    launched = LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)
    assert "/modules/cybersecurite/" in launched.response.url
    assert "La cybersécurité" in launched.response.text


def test_whole_flow_with_the_dev_platform_then_a_learner_opens_the_placed_module(platform, tool_server, db) -> None:
    """Deep linking launch, choice, signed answer accepted by the platform, new link launched by a learner."""
    trainer = LtiBrowser(platform)
    url, params = platform.deep_linking_initiation("nadia-haddad", ROUBAIX)
    login = trainer.http.post(url, data=params, allow_redirects=False)
    action, fields = trainer.authorize(login)
    selection = trainer.follow(trainer.post_launch(action, fields)).response
    assert "Ajouter des modules au cours" in selection.text

    answer = _submit(trainer, selection, choice=["cybersecurite"])
    return_action, return_fields = parse_form(answer.text)
    created = trainer.http.post(return_action, data=return_fields)
    assert created.status_code == 200, created.text[:300]
    link = next(l for l in platform.contexts[ROUBAIX].links if dict(l.custom).get("module") == "cybersecurite")
    assert link.title == "La cybersécurité"

    learner = LtiBrowser(platform)
    login_url, login_params = platform.login_initiation("ines-belkacem", ROUBAIX, resource_link_id=link.id)
    action, fields = learner.authorize(learner.http.post(login_url, data=login_params, allow_redirects=False))
    opened = learner.follow(learner.post_launch(action, fields)).response
    assert "/modules/cybersecurite/" in opened.url and opened.status_code == 200


def test_the_answer_is_signed_with_the_newest_key_after_a_rotation(app, selection, tool_server, platform_server) -> None:
    rotated = app.test_cli_runner().invoke(args=["lti", "rotate-key"])
    new_kid = rotated.output.split()[3].rstrip(";")
    browser, launched = selection()

    answer = _submit(browser, launched.response, choice=["parcours"])

    token = parse_form(answer.text)[1]["JWT"]
    assert jwt.get_unverified_header(token)["kid"] == new_kid
    assert _verify(token, tool_server, platform_server)[c.MESSAGE_TYPE] == "LtiDeepLinkingResponse"
