"""The deep_link_return_url: as strict as Moodle's contentitem_return.php, then one activity per item."""

from __future__ import annotations

import html
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from itsdangerous.timed import TimestampSigner
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem
from pylti1p3.registration import Registration

from devplatform.seed import LILLE, ROUBAIX

from .conftest import DEEP_LINKING_SETTINGS, DL, LTI, deep_linking_response

LINK = {"type": "ltiResourceLink"}


@pytest.fixture
def request_claims(dev) -> dict[str, Any]:
    """A deep linking request Nadia made in the Roubaix course, as the tool received it."""
    return dev.launch_claims("nadia-haddad", ROUBAIX, deep_linking=True)


@pytest.fixture(scope="session")
def stranger_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def page(response) -> str:
    return html.unescape(response.text)


def test_a_good_response_creates_one_activity_per_item(dev, tool, request_claims):
    items = [
        {**LINK, "title": "Module 1 — Découvrir les métiers du numérique", "text": "Initiation",
         "url": tool.url + "/lti/launch?module=decouvrir", "custom": {"module": "decouvrir"},
         "lineItem": {"scoreMaximum": 20, "label": "Quiz du module 1", "resourceId": "decouvrir", "tag": "quiz"}},
        {**LINK, "title": "Test d'entrée"},
    ]
    before = set(dev.platform.line_items)

    response = dev.deep_linking_return(request_claims, tool.sign(deep_linking_response(request_claims, items)))

    assert response.status_code == 200, page(response)
    links = dev.platform.contexts[ROUBAIX].links
    assert [link.title for link in links[1:]] == ["Module 1 — Découvrir les métiers du numérique", "Test d'entrée"]
    module, entry_test = links[1:]
    assert module.url == tool.url + "/lti/launch?module=decouvrir" and module.custom == (("module", "decouvrir"),)
    assert module.text == "Initiation"
    assert entry_test.url is None and entry_test.custom == ()
    new_items = [i for n, i in dev.platform.line_items.items() if n not in before]
    assert len(new_items) == 1
    item = new_items[0]
    assert (item.context_id, item.resource_link_id, item.label, item.score_maximum, item.resource_id, item.tag) == (
        ROUBAIX, module.id, "Quiz du module 1", 20.0, "decouvrir", "quiz")
    text = page(response)
    assert "2 activités ajoutées" in text and "Module 1 — Découvrir les métiers du numérique" in text
    assert f"/courses/{ROUBAIX}/launch/ines-belkacem?link={module.id}" in text
    assert "Lancer en tant que Nadia Haddad" in text and 'target="_top"' in text


def test_the_audience_may_be_a_list_holding_the_issuer(dev, tool, request_claims):
    claims = deep_linking_response(request_claims, [LINK], {"aud": [dev.url, "someone-else"]})

    assert dev.deep_linking_return(request_claims, tool.sign(claims)).status_code == 200


def test_an_empty_list_creates_nothing_and_says_so(dev, tool, request_claims):
    before = dev.platform.contexts[ROUBAIX].links

    response = dev.deep_linking_return(request_claims, tool.sign(deep_linking_response(request_claims, [])))

    assert response.status_code == 200
    assert "Aucune activité n'a été ajoutée" in page(response)
    assert dev.platform.contexts[ROUBAIX].links == before


def test_messages_and_logs_of_the_tool_are_shown(dev, tool, request_claims):
    claims = deep_linking_response(request_claims, [LINK], {DL + "msg": "Module ajouté", DL + "log": "1 lien"})

    text = page(dev.deep_linking_return(request_claims, tool.sign(claims)))

    assert "Message de l'outil : Module ajouté" in text and "1 lien" in text


def test_an_error_message_from_the_tool_creates_nothing_as_in_moodle(dev, tool, request_claims):
    before = dev.platform.contexts[ROUBAIX].links
    claims = deep_linking_response(request_claims, [LINK], {DL + "errormsg": "Module introuvable",
                                                            DL + "errorlog": "404 sur /modules/x"})

    response = dev.deep_linking_return(request_claims, tool.sign(claims))

    assert response.status_code == 200
    text = page(response)
    assert "L'outil signale un problème : Module introuvable" in text and "404 sur /modules/x" in text
    assert dev.platform.contexts[ROUBAIX].links == before


def _expired(claims: dict[str, Any]) -> None:
    claims.update(iat=int(time.time()) - 600, exp=int(time.time()) - 60)


BAD_RESPONSES = [
    pytest.param({"key": "stranger"}, "signature", id="bad signature"),
    pytest.param({"headers": {"kid": None}}, "kid", id="no kid"),
    pytest.param({"headers": {"kid": "unknown-kid"}}, "unknown-kid", id="unknown kid"),
    pytest.param({"changes": {"iss": "another-tool"}}, "iss", id="wrong iss"),
    pytest.param({"changes": {"aud": "https://another-lms.example"}}, "aud", id="wrong aud"),
    pytest.param({"changes": {"aud": ["https://another-lms.example"]}}, "aud", id="aud list without the issuer"),
    pytest.param({"tweak": _expired}, "expiré", id="expired"),
    pytest.param({"changes": {"iat": None}}, "iat", id="no iat"),
    pytest.param({"changes": {"nonce": None}}, "nonce", id="no nonce"),
    pytest.param({"changes": {LTI + "message_type": "LtiResourceLinkRequest"}}, "message_type",
                 id="wrong message_type"),
    pytest.param({"changes": {LTI + "version": "1.1"}}, "version", id="wrong version"),
    pytest.param({"changes": {LTI + "deployment_id": "2"}}, "deployment_id", id="wrong deployment"),
    pytest.param({"changes": {DL + "data": None}}, "data", id="data not echoed"),
    pytest.param({"changes": {DL + "data": "forged"}}, "data", id="data altered"),
    pytest.param({"items": [{**LINK, "url": "https://evil.example/lti/launch"}]}, "domaine", id="url off the tool's domain"),
    pytest.param({"items": [{**LINK, "url": "javascript:alert(1)"}]}, "http(s)", id="url not http"),
    pytest.param({"items": {"type": "ltiResourceLink"}}, "liste", id="content_items not a list"),
    pytest.param({"items": [{"type": "link", "url": "https://example.org"}]}, "ltiResourceLink", id="not a resource link"),
    pytest.param({"items": [{**LINK, "custom": {"niveau": 2}}]}, "custom", id="custom value not a string"),
    pytest.param({"items": [{**LINK, "lineItem": {"scoreMaximum": 0}}]}, "scoreMaximum", id="score maximum not > 0"),
    pytest.param({"items": [{**LINK, "lineItem": {"label": "Quiz"}}]}, "scoreMaximum", id="no score maximum"),
    pytest.param({"items": [{**LINK, "title": 3}]}, "title", id="title not a string"),
    pytest.param({"changes": {DL + "msg": ["a", "b"]}}, "msg", id="msg not a string"),
]


@pytest.mark.parametrize(("case", "why"), BAD_RESPONSES)
def test_a_bad_response_is_refused_with_a_400_saying_why(dev, tool, request_claims, stranger_key, case, why):
    claims = deep_linking_response(request_claims, case.get("items", [LINK]), case.get("changes"))
    case.get("tweak", lambda c: None)(claims)
    key = stranger_key if case.get("key") == "stranger" else None
    links_before, items_before = dev.platform.contexts[ROUBAIX].links, dev.platform.line_items

    response = dev.deep_linking_return(request_claims, tool.sign(claims, case.get("headers"), key))

    assert response.status_code == 400
    text = page(response)
    assert "La réponse de l'outil (Deep Linking) est refusée" in text and why in text, text
    assert dev.platform.contexts[ROUBAIX].links == links_before
    assert dev.platform.line_items == items_before


def test_a_refused_response_does_not_use_the_request_up(dev, tool, request_claims):
    bad = deep_linking_response(request_claims, [LINK], {LTI + "version": "1.1"})
    assert dev.deep_linking_return(request_claims, tool.sign(bad)).status_code == 400

    good = deep_linking_response(request_claims, [LINK])

    assert dev.deep_linking_return(request_claims, tool.sign(good)).status_code == 200


def test_a_request_is_answered_once(dev, tool, request_claims):
    token = tool.sign(deep_linking_response(request_claims, [LINK]))
    assert dev.deep_linking_return(request_claims, token).status_code == 200

    again = dev.deep_linking_return(request_claims, tool.sign(deep_linking_response(request_claims, [LINK])))

    assert again.status_code == 400 and "déjà reçu une réponse" in page(again)
    assert len(dev.platform.contexts[ROUBAIX].links) == 2


def test_a_response_to_a_request_of_another_course_is_refused(dev, tool):
    lille = dev.launch_claims("nadia-haddad", LILLE, deep_linking=True)
    token = tool.sign(deep_linking_response(lille, [LINK]))

    response = dev.http.post(f"{dev.url}/courses/{ROUBAIX}/deep-linking/return", data={"JWT": token})

    assert response.status_code == 400 and "autre cours" in page(response)


def test_a_response_to_an_expired_request_is_refused(dev, tool, monkeypatch):
    long_ago = int(time.time()) - 2 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: long_ago)
    id_token = dev.authorize(dev.auth_params("nadia-haddad", ROUBAIX, deep_linking=True))[1]["id_token"]
    monkeypatch.undo()
    request_claims = dev.verify(id_token)

    response = dev.deep_linking_return(request_claims, tool.sign(deep_linking_response(request_claims, [LINK])))

    assert response.status_code == 400 and "expiré" in page(response)


@pytest.mark.parametrize("form", [{}, {"JWT": ""}, {"JWT": "not-a-jwt"}], ids=["no field", "empty", "not a jwt"])
def test_a_post_without_a_jwt_is_refused(dev, form):
    response = dev.http.post(f"{dev.url}/courses/{ROUBAIX}/deep-linking/return", data=form)

    assert response.status_code == 400 and "JWT" in page(response)


def test_the_response_pylti1p3_builds_is_accepted(dev, tool, request_claims):
    """pylti1p3's DeepLink sends `aud` as a list, `title`/`url` as null when unset, and `custom` as {}."""
    registration = Registration().set_issuer(request_claims["iss"]).set_client_id(request_claims["aud"])
    deep_link = DeepLink(registration, request_claims[LTI + "deployment_id"], request_claims[DEEP_LINKING_SETTINGS])
    resources = [
        DeepLinkResource().set_title("Module 2 — Le code").set_url(tool.url + "/lti/launch?module=code")
        .set_custom_params({"module": "code"}).set_lineitem(LineItem().set_score_maximum(100).set_tag("quiz")),
        DeepLinkResource(),
    ]

    response = dev.deep_linking_return(request_claims, tool.sign(deep_link.get_message_jwt(resources)))

    assert response.status_code == 200, page(response)
    module, untitled = dev.platform.contexts[ROUBAIX].links[1:]
    assert module.custom == (("module", "code"),) and untitled.title == "Nouvelle activité"
    [item] = [i for i in dev.platform.line_items.values() if i.resource_link_id == module.id]
    assert (item.label, item.score_maximum, item.tag) == ("Module 2 — Le code", 100.0, "quiz")
