"""The whole dynamic registration with the dev platform, then launches under the new registration."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import func, select

from devplatform import ToolRegistration
from devplatform.openid_configuration import moodle_trailing_space
from devplatform.seed import ROUBAIX
from lms_service.models import Membership, ModuleProgress, ResourceLink, User
from lti.models import Platform

from ..lti_browser import LtiBrowser, parse_form


@pytest.fixture
def fresh_platform(platform, platform_server) -> Iterator[object]:
    """Put back the hand-made registration the other tests use, whatever this test did."""
    yield platform
    platform.tweak_openid_configuration(None)
    settings = platform_server.late.app.extensions["devplatform"].settings
    platform.replace_registration(ToolRegistration.from_settings(settings))


def _register(tool_server, platform) -> requests.Response:
    config_url, token = platform.start_registration()
    return requests.get(
        tool_server.url + "/lti/register",
        params={"openid_configuration": config_url, "registration_token": token},
        timeout=10,
    )


def test_register_activate_then_launch(tool_server, fresh_platform, db) -> None:
    platform = fresh_platform
    response = _register(tool_server, platform)
    assert response.status_code == 200, response.text
    assert "org.imsglobal.lti.close" not in response.text  # the message is sent by a script file
    assert "/lti/static/close.js" in response.text
    assert str(platform.registration_status) == "pending"

    new = platform.registration
    row = db.scalars(select(Platform).where(Platform.client_id == new.client_id)).one()
    assert [d.deployment_id for d in row.deployments] == [new.deployment_id]
    assert row.auth_login_url == platform.urls.auth and row.key_set_url == platform.urls.jwks

    platform.activate_registration()
    launched = LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)
    assert launched.response.status_code == 200 and "Bonjour Inès" in launched.response.text
    membership = db.scalars(select(Membership)).one()
    assert membership.context.lms_id == row.lms_id
    assert db.scalars(select(ResourceLink.registration_id)).one() == row.id


def test_registering_the_same_lms_again_keeps_every_learner_and_the_tutors_entries(
    tool_server, fresh_platform, db
) -> None:
    """Moodle's "new tool": a second registration of the same LMS, a new client id. Inès's reading
    and what her référente wrote about her are still hers when she launches through it."""
    platform = fresh_platform
    learner = LtiBrowser(platform)
    token = learner.launch("ines-belkacem", ROUBAIX).token
    assert learner.http.get(f"{tool_server.url}/modules/developpement-web/?lt={token}").status_code == 200
    tutor = LtiBrowser(platform)
    token = tutor.launch("nadia-haddad", ROUBAIX).token
    before = db.scalars(select(Membership).join(Membership.user).where(User.sub == "ines-belkacem")).one()
    action, fields = parse_form(tutor.http.get(f"{tool_server.url}/tutor/learners/{before.id}?lt={token}").text)
    fields.update(modality="remote", entry_date="2026-11-02")
    assert tutor.http.post(tool_server.url + action, data=fields).status_code == 200

    assert _register(tool_server, platform).status_code == 200
    platform.activate_registration()
    again = LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)

    assert again.response.status_code == 200 and "Bonjour Inès" in again.response.text
    db.expire_all()
    after = db.scalars(select(Membership).join(Membership.user).where(User.sub == "ines-belkacem")).one()
    assert after.id == before.id and after.modality == "remote" and str(after.entry_date) == "2026-11-02"
    progress = db.scalars(select(ModuleProgress).where(ModuleProgress.membership_id == after.id)).one()
    assert progress.pages_seen == 1 and progress.module_slug == "developpement-web"
    assert db.scalar(select(func.count()).select_from(User)) == 2


def test_the_token_serves_once(tool_server, fresh_platform) -> None:
    config_url, token = fresh_platform.start_registration()
    params = {"openid_configuration": config_url, "registration_token": token}
    assert requests.get(tool_server.url + "/lti/register", params=params, timeout=10).status_code == 200
    again = requests.get(tool_server.url + "/lti/register", params=params, timeout=10)
    assert again.status_code == 502
    assert "invalid_token" in again.text


def test_moodle_s_trailing_space_is_tolerated(tool_server, fresh_platform, db) -> None:
    fresh_platform.tweak_openid_configuration(moodle_trailing_space)
    assert _register(tool_server, fresh_platform).status_code == 200
    assert db.scalars(select(Platform.name).where(Platform.client_id == fresh_platform.registration.client_id)).one()


def test_a_new_registration_with_its_keys_elsewhere_launches_only_once_approved(tool_server, fresh_platform, app, db) -> None:
    """The dev platform registers again (a new client id) naming its key set under another origin
    (127.0.0.1 instead of localhost): pending, so no login and no launch until an administrator
    approves it; then a real launch works."""
    platform = fresh_platform
    platform.tweak_openid_configuration(
        lambda config: config.update(jwks_uri=config["jwks_uri"].replace("//localhost", "//127.0.0.1"))
    )
    assert _register(tool_server, platform).status_code == 200
    platform.activate_registration()
    row = db.scalars(select(Platform).where(Platform.client_id == platform.registration.client_id)).one()
    assert row.status == "pending"

    refused = LtiBrowser(platform).login("ines-belkacem", ROUBAIX)
    assert refused.status_code == 403 and "Location" not in refused.headers

    runner = app.test_cli_runner()
    assert runner.invoke(args=["lti", "approve-registration", "--issuer", row.issuer, "--client-id", row.client_id]).exit_code == 0
    launched = LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)
    assert launched.response.status_code == 200 and "Bonjour Inès" in launched.response.text
