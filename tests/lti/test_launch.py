"""Launches through the real OIDC flow: dev platform on localhost, tool on 127.0.0.1, signed JWTs."""
from __future__ import annotations

from sqlalchemy import func, select

from devplatform.seed import LILLE, ROUBAIX
from lms_service.models import Context, Membership, ResourceLink, User

from ..lti_browser import LtiBrowser


def test_learner_launch_lands_on_the_path_and_records_who_and_where(browser: LtiBrowser, db) -> None:
    """A valid learner launch: 303 to the path page, rows for course, person, membership, link."""
    launched = browser.launch("ines-belkacem", ROUBAIX)

    assert launched.response.status_code == 200
    assert "Mon parcours" in launched.response.text
    assert "Bonjour Inès" in launched.response.text
    membership = db.scalars(select(Membership)).one()
    assert membership.is_learner and not membership.is_staff
    assert membership.modality == "on_site"
    assert membership.user.email == "ines.belkacem@example.org"
    assert membership.context.lti_context_id == ROUBAIX
    assert membership.context.title == "Nurserie numérique — Afpa Roubaix"
    link = db.scalars(select(ResourceLink)).one()
    assert link.ags_lineitems_url and link.ags_lineitems_url.endswith(f"/api/contexts/{ROUBAIX}/lineitems")
    assert link.nrps_url and "memberships" in link.nrps_url
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in link.ags_scopes


def test_remote_learner_gets_remote_modality(browser: LtiBrowser, db) -> None:
    browser.launch("kevin-dufour", ROUBAIX)
    assert db.scalars(select(Membership.modality)).one() == "remote"


def test_instructor_launch_opens_the_tutor_page(browser: LtiBrowser, db) -> None:
    launched = browser.launch("nadia-haddad", ROUBAIX)

    assert launched.response.status_code == 200
    assert "Suivi des apprenants" in launched.response.text
    membership = db.scalars(select(Membership)).one()
    assert membership.is_tutor and not membership.is_learner


def test_login_by_get_works_too(browser: LtiBrowser) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX, method="GET")
    assert launched.response.status_code == 200


def test_a_second_launch_updates_rows_instead_of_duplicating(browser: LtiBrowser, db) -> None:
    browser.launch("ines-belkacem", ROUBAIX)
    browser.launch("ines-belkacem", ROUBAIX)
    assert db.scalar(select(func.count()).select_from(Membership)) == 1
    assert db.scalar(select(func.count()).select_from(User)) == 1


def test_two_tabs_in_two_courses_never_mix(browser: LtiBrowser) -> None:
    """One browser, the tutor of both courses, two launches: each tab's links stay in its course."""
    roubaix = browser.launch("nadia-haddad", ROUBAIX)
    lille = browser.launch("nadia-haddad", LILLE)
    assert roubaix.token and lille.token and roubaix.token != lille.token

    again_roubaix = browser.http.get(roubaix.response.url)
    again_lille = browser.http.get(lille.response.url)

    assert "Afpa Roubaix" in again_roubaix.text and "M2i Lille" not in again_roubaix.text
    assert "M2i Lille" in again_lille.text and "Afpa Roubaix" not in again_lille.text
    assert f"lt={roubaix.token}" in again_roubaix.text
    assert f"lt={lille.token}" not in again_roubaix.text


def test_pages_without_a_launch_token_are_refused(tool_server, registered) -> None:
    import requests

    response = requests.get(tool_server.url + "/", timeout=10)
    assert response.status_code == 401
    assert "plateforme de formation" in response.text


def test_a_forged_launch_token_is_refused(browser: LtiBrowser) -> None:
    launched = browser.launch("ines-belkacem", ROUBAIX)
    assert launched.token
    forged = launched.token[:-4] + ("AAAA" if not launched.token.endswith("AAAA") else "BBBB")
    response = browser.http.get(launched.response.url.replace(launched.token, forged))
    assert response.status_code == 401


def test_jwks_publishes_the_tool_key_with_a_kid(tool_server, registered) -> None:
    import requests

    keys = requests.get(tool_server.url + "/lti/jwks", timeout=10).json()["keys"]
    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and keys[0]["kid"]
    assert "d" not in keys[0]


def test_context_title_is_stored(browser: LtiBrowser, db) -> None:
    browser.launch("sarah-lefebvre", LILLE)
    assert db.scalars(select(Context.title)).one().startswith("Nurserie numérique — M2i Lille")


def test_a_content_developer_lands_on_the_preview(browser: LtiBrowser) -> None:
    launched = browser.launch("julien-lemaire", ROUBAIX)
    assert launched.response.status_code == 200
    assert "/author/" in launched.response.url
