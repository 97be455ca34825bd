"""Dynamic registration can never take over an LMS the tool trusts, and is closed where it should be.

The stand-in LMS (stand_in_lms.py) plays the attacker of the attack run: a
configuration served from another port of the LMS's host naming the trusted
issuer, with the trusted client id or a new one, then a launch signed with the
attacker's own key.
"""
from __future__ import annotations

import time
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import func, select, update

from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.models import LaunchSession, Membership
from lti import claims as c
from lti.models import Platform, RegistrationLink

from ..conftest import DEV_CLIENT_ID, DEV_DEPLOYMENT_ID
from ..lti_browser import LtiBrowser
from .stand_in_lms import StandInLms


def _register(tool_server, config_url: str, url: str | None = None) -> requests.Response:
    params = {"openid_configuration": config_url, "registration_token": "t"}
    return requests.get(url or tool_server.url + "/lti/register", params=params, timeout=30)


def _anchors(db, issuer: str, client_id: str) -> tuple[Any, ...]:
    db.expire_all()
    row = db.scalars(select(Platform).where(Platform.issuer == issuer, Platform.client_id == client_id)).one()
    return row.key_set_url, row.auth_login_url, row.auth_token_url, row.auth_audience, row.status


def _forged_launch(browser: LtiBrowser, attacker: StandInLms, client_id: str, tool_url: str) -> requests.Response:
    """A real login at the tool for the trusted LMS, answered with a token the attacker signed."""
    login = browser.login("nadia-haddad", ROUBAIX)
    query = parse_qs(urlsplit(login.headers["Location"]).query)
    now = int(time.time())
    claims = {
        "iss": browser.platform.settings.url,  # type: ignore[attr-defined]
        "aud": client_id,
        "sub": "nadia-haddad",
        "iat": now,
        "exp": now + 300,
        "nonce": query["nonce"][0],
        c.DEPLOYMENT_ID: DEV_DEPLOYMENT_ID,
        c.MESSAGE_TYPE: "LtiResourceLinkRequest",
        c.VERSION: "1.3.0",
        c.ROLES: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
        c.CONTEXT: {"id": ROUBAIX},
        c.RESOURCE_LINK: {"id": "parcours"},
        c.TARGET_LINK_URI: tool_url + "/lti/launch",
    }
    return browser.post_launch(tool_url + "/lti/launch", {"id_token": attacker.sign(claims), "state": query["state"][0]})


@pytest.mark.parametrize("client_id", [DEV_CLIENT_ID, "a-new-client"], ids=["the trusted client id", "a new client id"])
def test_a_configuration_on_another_port_of_the_lms_host_takes_over_nothing(
    tool_server, platform, platform_server, lms, browser, db, client_id
) -> None:
    """The attacker's configuration names the trusted issuer; its own key set and endpoints sit on
    another port of the same host name. Neither registration goes through, and a launch signed
    with the attacker's key opens nothing: no session, no learner read."""
    assert LtiBrowser(platform).launch("ines-belkacem", ROUBAIX).response.status_code == 200
    trusted = _anchors(db, platform_server.url, DEV_CLIENT_ID)
    lms.client_id = client_id
    lms.overrides["issuer"] = platform_server.url

    response = _register(tool_server, lms.config_url)

    assert response.status_code == 400 and "même origine" in response.text
    assert lms.received == []
    assert _anchors(db, platform_server.url, DEV_CLIENT_ID) == trusted
    assert db.scalar(select(func.count()).select_from(Platform)) == 1
    forged = _forged_launch(browser, lms, client_id, tool_server.url)
    assert forged.status_code == 401 and "Connexion refusée" in forged.text
    assert "Location" not in forged.headers
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(LaunchSession)) == 1  # Inès's, nobody else's
    assert db.scalars(select(Membership).join(Membership.user).where(Membership.is_tutor)).first() is None


def test_moodle_updating_the_existing_tool_goes_through(tool_server, lms, db) -> None:
    """Moodle's "update the existing tool": same client id, same endpoints, a new deployment."""
    assert _register(tool_server, lms.config_url).status_code == 200
    first = _anchors(db, lms.url, "moodle-client-42")
    again = _register(tool_server, lms.config_url)
    assert again.status_code == 200 and "attend l'accord" not in again.text
    assert _anchors(db, lms.url, "moodle-client-42") == first and first[-1] == "active"


@pytest.mark.parametrize(
    "field, elsewhere",
    [
        ("jwks_uri", "http://127.0.0.1:{port}/jwks"),
        ("authorization_endpoint", "http://127.0.0.1:{port}/auth"),
        ("token_endpoint", "http://localhost:1/token"),
    ],
    ids=["key set", "login URL", "token URL"],
)
def test_a_registration_never_moves_a_trusted_anchor(tool_server, lms, db, field, elsewhere) -> None:
    """Same client id, one endpoint elsewhere: refused, with the command that changes it on purpose."""
    assert _register(tool_server, lms.config_url).status_code == 200
    trusted = _anchors(db, lms.url, "moodle-client-42")
    lms.overrides[field] = elsewhere.format(port=lms.port)

    response = _register(tool_server, lms.config_url)

    assert response.status_code == 409
    text = response.text.replace("&#39;", "'")
    assert "ne les change jamais" in text
    assert f"flask lti add-platform --issuer {lms.url} --client-id moodle-client-42" in text
    assert _anchors(db, lms.url, "moodle-client-42") == trusted


def test_a_new_client_id_on_the_lms_s_own_origin_is_trusted_at_once(tool_server, lms, db) -> None:
    """Moodle's "new tool": a second client id whose endpoints sit where the first one's do."""
    assert _register(tool_server, lms.config_url).status_code == 200
    lms.client_id = "client-2"
    response = _register(tool_server, lms.config_url)
    assert response.status_code == 200 and "attend l'accord" not in response.text
    assert _anchors(db, lms.url, "client-2")[-1] == "active"


def test_a_new_client_id_with_its_keys_elsewhere_waits_for_an_administrator(tool_server, lms, db, app) -> None:
    assert _register(tool_server, lms.config_url).status_code == 200
    lms.client_id = "client-2"
    lms.overrides["jwks_uri"] = f"http://127.0.0.1:{lms.port}/jwks"

    response = _register(tool_server, lms.config_url)

    assert response.status_code == 200
    text = response.text.replace("&#39;", "'")
    assert "attend l'accord de l'administrateur" in text
    assert f"flask lti approve-registration --issuer {lms.url} --client-id client-2" in text
    assert _anchors(db, lms.url, "client-2")[-1] == "pending"
    login = requests.post(
        tool_server.url + "/lti/login",
        data={"iss": lms.url, "client_id": "client-2", "login_hint": "x", "target_link_uri": tool_server.url},
        allow_redirects=False,
        timeout=10,
    )
    assert login.status_code == 403 and "Location" not in login.headers
    assert "attend l'accord" in login.text.replace("&#39;", "'")

    approved = app.test_cli_runner().invoke(
        args=["lti", "approve-registration", "--issuer", lms.url, "--client-id", "client-2"]
    )
    assert approved.exit_code == 0 and "approved" in approved.output
    assert _anchors(db, lms.url, "client-2")[-1] == "active"


def test_commands_on_a_page_are_shell_quoted(tool_server, lms, db) -> None:
    """A client id is the LMS's to choose: printed in a command, it must stay one word."""
    assert _register(tool_server, lms.config_url).status_code == 200
    lms.client_id = "x; rm -rf ~"
    lms.overrides["jwks_uri"] = f"http://127.0.0.1:{lms.port}/jwks"
    response = _register(tool_server, lms.config_url)
    assert "--client-id &#39;x; rm -rf ~&#39;" in response.text


@pytest.fixture
def closed(app, monkeypatch) -> None:
    """Production's default: registration closed but for allow-listed hosts and one-time links."""
    monkeypatch.setitem(app.config, "LTI_REGISTRATION_OPEN", False)


def _new_link(app, hours: int = 1) -> str:
    result = app.test_cli_runner().invoke(args=["lti", "registration-link", "--hours", str(hours)])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


def test_closed_registration_asks_for_a_link_and_calls_nobody(tool_server, lms, closed) -> None:
    response = _register(tool_server, lms.config_url)
    assert response.status_code == 403
    assert "lien donné par l'administrateur" in response.text.replace("&#39;", "'")
    assert lms.received == []


def test_a_one_time_link_registers_once_even_with_the_lms_s_own_parameters(tool_server, lms, closed, app, db) -> None:
    link = _new_link(app)
    assert link.startswith(tool_server.url + "/lti/register/")
    assert _register(tool_server, lms.config_url, url=link).status_code == 200
    assert _anchors(db, lms.url, "moodle-client-42")[-1] == "active"
    again = _register(tool_server, lms.config_url, url=link)
    assert again.status_code == 403 and "déjà servi" in again.text.replace("&#39;", "'")


def test_a_failed_registration_does_not_use_the_link_up(tool_server, lms, closed, app) -> None:
    link = _new_link(app)
    lms.registration_status = 400
    assert _register(tool_server, lms.config_url, url=link).status_code == 502
    lms.registration_status = 200
    assert _register(tool_server, lms.config_url, url=link).status_code == 200


def test_an_expired_link_opens_nothing(tool_server, lms, closed, app, db) -> None:
    link = _new_link(app)
    db.execute(update(RegistrationLink).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.commit()
    response = _register(tool_server, lms.config_url, url=link)
    assert response.status_code == 403 and lms.received == []


def test_an_allow_listed_host_registers_without_a_link(tool_server, lms, closed, app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "LTI_REGISTRATION_ALLOWED_HOSTS", ("localhost",))
    assert _register(tool_server, lms.config_url).status_code == 200
