"""Dynamic registration as the administrator lives it: start it from the home page, frame the tool,
see the tool pending, activate it; launches wait for the activation, then use the new registration."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from devplatform.registry import ToolPending
from devplatform.seed import ROUBAIX

from .conftest import TOOL_CONFIGURATION, client_registration

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


class _Frames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.frames: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.frames.append(dict(attrs))


def iframe(page: str) -> dict[str, str | None]:
    reader = _Frames()
    reader.feed(page)
    assert len(reader.frames) == 1, reader.frames
    return reader.frames[0]


def csrf_token(dev, read_form, path: str = "/") -> str:
    """The admin form's CSRF field, as the browser got it with its cookie."""
    _, fields = read_form(dev.http.get(dev.url + path).text)
    return fields["csrf_token"]


def start(dev, read_form, registration_url: str):
    return dev.http.post(dev.url + "/admin/tool/register", data={
        "csrf_token": csrf_token(dev, read_form), "registration_url": registration_url})


# --- starting the registration ------------------------------------------------


def test_home_offers_to_register_the_configured_tool(dev, tool, read_form):
    response = dev.http.get(dev.url + "/")
    page = response.text

    assert "Enregistrer l'outil (inscription dynamique)" in html.unescape(page)
    assert f'value="{tool.url}/lti/register"' in page
    action, fields = read_form(page)
    assert action == "/admin/tool/register" and fields["csrf_token"]
    assert "inscrit à la main" in html.unescape(page) and "dev-tool" in page
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_the_start_page_frames_the_tool_with_the_configuration_and_a_token(dev, tool, read_form):
    response = start(dev, read_form, tool.url + "/lti/register?lang=fr")

    assert response.status_code == 200
    frame = iframe(response.text)
    src = urlsplit(frame["src"] or "")
    assert f"{src.scheme}://{src.netloc}{src.path}" == tool.url + "/lti/register"
    query = parse_qs(src.query)
    assert query["lang"] == ["fr"]
    assert query["openid_configuration"] == [dev.url + "/registration/openid-configuration"]
    assert frame["data-tool-origin"] == tool.url and frame["data-done-url"] == "/admin/tool"
    assert 'src="/static/registration.js"' in response.text and "<script>" not in response.text
    csp = response.headers["Content-Security-Policy"]
    assert f"frame-src 'self' {tool.url}" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["Cache-Control"] == "no-store"
    assert dev.http.get(dev.url + "/static/registration.js").status_code == 200
    token = query["registration_token"][0]
    assert dev.register(client_registration(tool.url), token).status_code == 200


def test_the_listener_only_hears_the_close_message_of_the_framed_tool(dev):
    script = dev.http.get(dev.url + "/static/registration.js").text

    assert "org.imsglobal.lti.close" in script
    assert "event.source === frame.contentWindow" in script and "event.origin === frame.dataset.toolOrigin" in script


@pytest.mark.parametrize("url", ["https://evil.example/lti/register", "javascript:alert(1)", "/lti/register",
                                 "http://user@127.0.0.1:5000/lti/register"])
def test_the_platform_frames_no_other_site_than_the_tool(dev, read_form, url):
    response = start(dev, read_form, url)

    assert response.status_code == 400
    assert "<iframe" not in response.text


def test_in_tests_any_loopback_tool_may_register(dev, read_form):
    response = start(dev, read_form, "http://localhost:1234/lti/register")

    assert response.status_code == 200
    assert "http://localhost:1234" in response.headers["Content-Security-Policy"]


def test_starting_without_the_csrf_token_is_refused(dev, tool):
    response = dev.http.post(dev.url + "/admin/tool/register", data={"registration_url": tool.url + "/lti/register"})

    assert response.status_code == 400 and "CSRF" in response.text
    assert "<iframe" not in response.text


# --- pending, then active -----------------------------------------------------


def test_the_registration_page_shows_the_pending_tool_and_the_activate_button(dev, tool, read_form):
    answer = dev.register_tool(tool)

    page = dev.http.get(dev.url + "/admin/tool").text

    assert answer["client_id"] in page and answer[TOOL_CONFIGURATION]["deployment_id"] in page
    assert "en attente d'activation" in html.unescape(page) and "Activer l'outil" in html.unescape(page)
    action, fields = read_form(page)
    assert action == "/admin/tool/activate" and fields["csrf_token"]


@pytest.mark.parametrize("token", [None, "forged"])
def test_activating_without_a_good_csrf_token_is_refused(dev, tool, read_form, token):
    dev.register_tool(tool)
    data = {} if token is None else {"csrf_token": token}
    csrf_token(dev, read_form, "/admin/tool")  # the browser has its cookie; the form lacks the field

    response = dev.http.post(dev.url + "/admin/tool/activate", data=data)

    assert response.status_code == 400
    assert dev.platform.registration_status == "pending"


def test_a_token_from_another_browser_is_refused(dev, tool, read_form):
    dev.register_tool(tool)
    token = csrf_token(dev, read_form, "/admin/tool")
    dev.http.cookies.clear()
    csrf_token(dev, read_form, "/admin/tool")  # a new browser, with its own cookie

    response = dev.http.post(dev.url + "/admin/tool/activate", data={"csrf_token": token})

    assert response.status_code == 400 and dev.platform.registration_status == "pending"


def test_the_administrator_activates_the_tool(dev, tool, read_form):
    answer = dev.register_tool(tool)

    response = dev.http.post(dev.url + "/admin/tool/activate",
                             data={"csrf_token": csrf_token(dev, read_form, "/admin/tool")})

    assert response.status_code == 200 and response.url == dev.url + "/admin/tool"
    assert dev.platform.registration_status == "active"
    assert "Activer l'outil" not in html.unescape(response.text)
    home = html.unescape(dev.http.get(dev.url + "/").text)
    assert "actif (inscription dynamique)" in home and answer["client_id"] in home


def test_there_is_nothing_to_activate_without_a_pending_tool(dev, read_form):
    response = dev.http.post(dev.url + "/admin/tool/activate", data={"csrf_token": csrf_token(dev, read_form)})

    assert response.status_code == 409 and dev.platform.registration_status == "manual"


def test_a_pending_tool_is_not_launched(dev, tool):
    dev.register_tool(tool)

    page = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/ines-belkacem")
    login = dev.http.get(f"{dev.url}/courses/{ROUBAIX}/launch/ines-belkacem/start")

    assert page.status_code == 403 and "en attente d'activation" in html.unescape(page.text)
    assert "<iframe" not in page.text
    assert login.status_code == 403 and "attend qu'un administrateur l'active" in html.unescape(login.text)
    with pytest.raises(ToolPending):
        dev.platform.login_initiation("ines-belkacem", ROUBAIX)


def test_auth_refuses_a_pending_tool(dev, tool):
    params = dev.auth_params("ines-belkacem", ROUBAIX)  # a login started before the tool re-registered
    answer = dev.register_tool(tool)

    _, fields = dev.authorize({**params, "client_id": answer["client_id"]})

    assert fields["error"] == "unauthorized_client" and "activation" in fields["error_description"]
    assert "id_token" not in fields


def test_once_active_launches_and_tokens_use_the_new_registration(dev, tool):
    answer = dev.register_tool(tool)
    client_id, deployment_id = answer["client_id"], answer[TOOL_CONFIGURATION]["deployment_id"]
    dev.platform.activate_registration()

    _, login = dev.platform.login_initiation("ines-belkacem", ROUBAIX)
    action, fields = dev.authorize(dev.auth_params("ines-belkacem", ROUBAIX))
    claims = jwt.decode(fields["id_token"], options={"verify_signature": False})
    token = dev.http.post(f"{dev.url}/token", data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": tool.assertion(f"{dev.url}/token", iss=client_id, sub=client_id),
        "scope": "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    })

    assert (login["client_id"], login["lti_deployment_id"]) == (client_id, deployment_id)
    assert action == tool.url + "/lti/launch"
    assert claims["aud"] == client_id and claims[LTI + "deployment_id"] == deployment_id
    assert token.status_code == 200, token.text


def test_a_service_not_granted_is_not_announced_in_the_launch(dev, tool):
    _, registration_token = dev.platform.start_registration()
    body = {**client_registration(tool.url), "scope": "https://purl.imsglobal.org/spec/lti-ags/scope/score"}
    assert dev.register(body, registration_token).status_code == 200
    dev.platform.activate_registration()

    _, fields = dev.authorize(dev.auth_params("ines-belkacem", ROUBAIX))
    claims = jwt.decode(fields["id_token"], options={"verify_signature": False})

    assert claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]["scope"] == [
        "https://purl.imsglobal.org/spec/lti-ags/scope/score"]
    assert "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice" not in claims


def test_the_tool_custom_parameters_reach_the_launch_with_variables_substituted(dev, tool):
    _, registration_token = dev.platform.start_registration()
    body = client_registration(tool.url)
    body[TOOL_CONFIGURATION]["custom_parameters"] = {
        "cours": "$Context.id", "personne": "$Person.name.full", "fixe": "valeur", "inconnue": "$Nope.nope"}
    assert dev.register(body, registration_token).status_code == 200
    dev.platform.activate_registration()

    _, fields = dev.authorize(dev.auth_params("ines-belkacem", ROUBAIX))
    custom = jwt.decode(fields["id_token"], options={"verify_signature": False})[LTI + "custom"]

    assert custom == {"cours": ROUBAIX, "personne": "Inès Belkacem", "fixe": "valeur", "inconnue": "$Nope.nope",
                      "modalite": "presentiel"}
