"""The OIDC authorization endpoint: strict like Moodle's auth.php, then a verifiable id_token."""

from __future__ import annotations

import time

import jwt
import pytest
from itsdangerous.timed import TimestampSigner

from devplatform.seed import LILLE, ROUBAIX

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


def verify(dev, id_token: str) -> dict:
    """Check an id_token as a tool does: with the key published at /jwks."""
    keys = jwt.PyJWKSet.from_dict(dev.http.get(dev.url + "/jwks").json())
    kid = jwt.get_unverified_header(id_token)["kid"]
    key = next(k for k in keys.keys if k.key_id == kid)
    return jwt.decode(id_token, key, algorithms=["RS256"], audience="dev-tool", issuer=dev.url)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        pytest.param({"scope": None}, "invalid_request", id="scope missing"),
        pytest.param({"scope": "openid profile"}, "invalid_scope", id="scope not openid"),
        pytest.param({"response_type": None}, "invalid_request", id="response_type missing"),
        pytest.param({"response_type": "code"}, "unsupported_response_type", id="response_type not id_token"),
        pytest.param({"client_id": None}, "invalid_request", id="client_id missing"),
        pytest.param({"client_id": "other-tool"}, "unauthorized_client", id="client_id unknown"),
        pytest.param({"response_mode": None}, "invalid_request", id="response_mode missing"),
        pytest.param({"response_mode": "query"}, "invalid_request", id="response_mode not form_post"),
        pytest.param({"prompt": None}, "invalid_request", id="prompt missing"),
        pytest.param({"prompt": "login"}, "invalid_request", id="prompt not none"),
        pytest.param({"nonce": None}, "invalid_request", id="nonce missing"),
        pytest.param({"state": None}, "invalid_request", id="state missing"),
        pytest.param({"login_hint": None}, "invalid_request", id="login_hint missing"),
        pytest.param({"login_hint": "kevin-dufour"}, "access_denied", id="login_hint not as issued"),
        pytest.param({"lti_message_hint": None}, "invalid_request", id="lti_message_hint missing"),
        pytest.param({"lti_message_hint": "forged"}, "login_required", id="lti_message_hint forged"),
    ],
)
def test_auth_refuses_a_bad_request_by_posting_the_error_back(dev, tool, change, error):
    params = {**dev.auth_params("ines-belkacem", ROUBAIX), **change}
    params = {k: v for k, v in params.items() if v is not None}

    action, fields = dev.authorize(params)

    assert action == tool.url + "/lti/launch"
    assert fields["error"] == error
    assert fields["error_description"]
    assert "id_token" not in fields
    assert fields.get("state") == params.get("state")


@pytest.mark.parametrize("redirect_uri", [None, "https://evil.example/steal"])
def test_auth_answers_an_unregistered_redirect_uri_with_a_french_page(dev, redirect_uri):
    params = {**dev.auth_params("ines-belkacem", ROUBAIX), "redirect_uri": redirect_uri}

    response = dev.http.get(dev.url + "/auth", params={k: v for k, v in params.items() if v})

    assert response.status_code == 400
    assert "redirect_uri" in response.text and "enregistrée" in response.text
    assert "evil.example" not in response.text


def test_auth_refuses_an_expired_lti_message_hint(dev, monkeypatch):
    long_ago = int(time.time()) - 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: long_ago)
    params = dev.auth_params("ines-belkacem", ROUBAIX)
    monkeypatch.undo()

    _, fields = dev.authorize(params)

    assert fields["error"] == "login_required"


def test_auth_uses_each_lti_message_hint_once(dev):
    params = dev.auth_params("ines-belkacem", ROUBAIX)
    dev.authorize(params)

    _, fields = dev.authorize({**params, "nonce": "another", "state": "another"})

    assert fields["error"] == "login_required"


def test_auth_accepts_a_post_too(dev, read_form):
    response = dev.http.post(dev.url + "/auth", data=dev.auth_params("kevin-dufour", ROUBAIX))

    _, fields = read_form(response.text)
    assert "id_token" in fields


def test_learner_launch_carries_the_expected_claims(dev, tool):
    params = dev.auth_params("ines-belkacem", ROUBAIX)

    action, fields = dev.authorize(params)
    claims = verify(dev, fields["id_token"])

    assert action == tool.url + "/lti/launch" and fields["state"] == params["state"]
    assert claims["aud"] == "dev-tool" and claims["sub"] == "ines-belkacem"
    assert claims["nonce"] == params["nonce"]
    assert claims["exp"] - claims["iat"] == 60
    assert claims["name"] == "Inès Belkacem" and claims["given_name"] == "Inès"
    assert claims["email"] == "ines.belkacem@example.org" and claims["locale"] == "fr-FR"
    assert claims[LTI + "message_type"] == "LtiResourceLinkRequest"
    assert claims[LTI + "version"] == "1.3.0"
    assert claims[LTI + "deployment_id"] == "1"
    assert claims[LTI + "target_link_uri"] == tool.url + "/lti/launch"
    assert claims[LTI + "resource_link"] == {"id": "parcours-nurserie-roubaix", "title": "Parcours de la nurserie"}
    assert claims[LTI + "roles"] == [LEARNER]
    assert claims[LTI + "context"]["id"] == ROUBAIX
    assert claims[LTI + "context"]["type"] == ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]
    assert claims[LTI + "tool_platform"]["product_family_code"] == "devplatform"
    presentation = claims[LTI + "launch_presentation"]
    assert presentation["document_target"] == "iframe" and presentation["locale"] == "fr-FR"
    assert presentation["return_url"] == f"{dev.url}/courses/{ROUBAIX}/return"
    assert claims[LTI + "custom"] == {"modalite": "presentiel"}
    assert LTI + "role_scope_mentor" not in claims


def test_launch_offers_ags_and_nrps_with_moodle_style_urls(dev):
    _, fields = dev.authorize(dev.auth_params("kevin-dufour", ROUBAIX))
    claims = verify(dev, fields["id_token"])

    ags = claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]
    assert set(ags["scope"]) == {
        "https://purl.imsglobal.org/spec/lti-ags/scope/" + s
        for s in ("lineitem", "lineitem.readonly", "result.readonly", "score")
    }
    assert ags["lineitems"] == f"{dev.url}/api/contexts/{ROUBAIX}/lineitems"
    assert ags["lineitem"] == f"{dev.url}/api/contexts/{ROUBAIX}/lineitems/1/lineitem?type_id=1"
    nrps = claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"]
    assert nrps == {"context_memberships_url": f"{dev.url}/api/contexts/{ROUBAIX}/memberships",
                    "service_versions": ["2.0"]}


def test_administrator_and_mentor_launches(dev):
    _, admin = dev.authorize(dev.auth_params("claire-vasseur", LILLE))
    _, mentor = dev.authorize(dev.auth_params("olivier-martin", ROUBAIX))

    assert verify(dev, admin["id_token"])[LTI + "roles"] == [
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
    ]
    mentor_claims = verify(dev, mentor["id_token"])
    assert mentor_claims[LTI + "role_scope_mentor"] == ["ines-belkacem", "kevin-dufour"]


def test_the_tutor_of_both_courses_gets_one_launch_per_course(dev):
    _, roubaix = dev.authorize(dev.auth_params("nadia-haddad", ROUBAIX))
    _, lille = dev.authorize(dev.auth_params("nadia-haddad", LILLE))

    contexts = {verify(dev, f["id_token"])[LTI + "context"]["id"] for f in (roubaix, lille)}
    assert contexts == {ROUBAIX, LILLE}


def test_tweak_next_launch_alters_one_real_launch_only(dev):
    def tweak(claims, headers):
        claims[LTI + "version"] = "1.2.0"
        del headers["kid"]

    dev.platform.tweak_next_launch(tweak)
    _, tweaked = dev.authorize(dev.auth_params("ines-belkacem", ROUBAIX))
    _, normal = dev.authorize(dev.auth_params("ines-belkacem", ROUBAIX))

    assert "kid" not in jwt.get_unverified_header(tweaked["id_token"])
    assert jwt.decode(tweaked["id_token"], options={"verify_signature": False})[LTI + "version"] == "1.2.0"
    assert verify(dev, normal["id_token"])[LTI + "version"] == "1.3.0"


def test_sign_re_signs_modified_claims_with_the_platform_key(dev):
    _, fields = dev.authorize(dev.auth_params("ines-belkacem", ROUBAIX))
    claims = verify(dev, fields["id_token"])

    resigned = dev.platform.sign({**claims, "sub": "someone-else"})
    without_kid = dev.platform.sign(claims, {"kid": None})
    unsigned = dev.platform.sign(claims, {"alg": "none"})

    assert verify(dev, resigned)["sub"] == "someone-else"
    assert "kid" not in jwt.get_unverified_header(without_kid)
    assert unsigned.endswith(".") and jwt.get_unverified_header(unsigned)["alg"] == "none"


def test_a_launch_in_a_new_window_says_so(dev, read_form):
    page = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/kevin-dufour/start", params={"target": "window"})
    _, login = read_form(page.text)
    params = {**dev.auth_params("kevin-dufour", ROUBAIX), "lti_message_hint": login["lti_message_hint"]}

    _, fields = dev.authorize(params)

    assert verify(dev, fields["id_token"])[LTI + "launch_presentation"]["document_target"] == "window"
