"""A tutor edits a learner's modality and entry date: CSRF, validation, tenant isolation."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from devplatform.seed import LILLE, ROUBAIX
from lms_service.models import Membership, User

from ..lti_browser import LtiBrowser, parse_form


def _membership_id(db, sub: str) -> int:
    db.expire_all()
    return db.scalars(select(Membership.id).join(User).where(User.sub == sub)).one()


def _learner_form(tutor: LtiBrowser, base: str, token: str, member_id: int) -> tuple[str, dict[str, str]]:
    page = tutor.http.get(f"{base}/tutor/learners/{member_id}?lt={token}")
    assert page.status_code == 200
    action, fields = parse_form(page.text)
    return base + action if action.startswith("/") else action, fields


@pytest.fixture
def setting(platform, tool_server, db):
    LtiBrowser(platform).launch("kevin-dufour", ROUBAIX)
    tutor = LtiBrowser(platform)
    launched = tutor.launch("nadia-haddad", ROUBAIX)
    return tutor, launched.token, _membership_id(db, "kevin-dufour")


def test_tutor_changes_modality_and_entry_date(setting, tool_server, db) -> None:
    tutor, token, member_id = setting
    action, fields = _learner_form(tutor, tool_server.url, token, member_id)
    fields.update(modality="on_site", entry_date="2026-11-02")

    response = tutor.http.post(action, data=fields)

    assert response.status_code == 200
    assert "Modifications enregistrées." in response.text
    db.expire_all()
    member = db.get(Membership, member_id)
    assert member.modality == "on_site" and member.entry_date == date(2026, 11, 2)


@pytest.mark.parametrize(
    "change",
    [
        {"csrf_token": ""},
        {"csrf_token": "0" * 64},
        {"lt": ""},
    ],
    ids=["no csrf token", "wrong csrf token", "no launch token"],
)
def test_forms_without_their_launch_tokens_are_refused(setting, tool_server, db, change) -> None:
    tutor, token, member_id = setting
    action, fields = _learner_form(tutor, tool_server.url, token, member_id)
    fields.update(modality="on_site", entry_date="2026-11-02", **change)

    response = tutor.http.post(action.split("?")[0], data=fields)

    assert response.status_code == 400
    db.expire_all()
    assert db.get(Membership, member_id).modality == "remote"


@pytest.mark.parametrize(
    "values, message",
    [
        ({"entry_date": "pas une date"}, "doit être une date"),
        ({"entry_date": "1890-01-01"}, "pas plausible"),
        ({"modality": "sur la lune"}, "Choisissez une modalité"),
    ],
)
def test_bad_values_are_explained_and_nothing_is_lost(setting, tool_server, db, values, message) -> None:
    tutor, token, member_id = setting
    before = db.get(Membership, member_id).entry_date
    action, fields = _learner_form(tutor, tool_server.url, token, member_id)
    fields.update(values)

    response = tutor.http.post(action, data=fields)

    assert response.status_code == 400
    assert message in response.text and "Rien n'a été enregistré" in response.text
    db.expire_all()
    member = db.get(Membership, member_id)
    assert member.modality == "remote" and member.entry_date == before


def test_a_learner_of_another_course_is_a_404(platform, tool_server, db) -> None:
    LtiBrowser(platform).launch("sarah-lefebvre", LILLE)
    other = _membership_id(db, "sarah-lefebvre")
    tutor = LtiBrowser(platform)
    token = tutor.launch("nadia-haddad", ROUBAIX).token

    assert tutor.http.get(f"{tool_server.url}/tutor/learners/{other}?lt={token}").status_code == 404
    assert tutor.http.get(f"{tool_server.url}/tutor/learners/999999?lt={token}").status_code == 404


def test_a_learner_cannot_open_the_detail_page(setting, platform, tool_server) -> None:
    _, _, member_id = setting
    learner = LtiBrowser(platform)
    token = learner.launch("ines-belkacem", ROUBAIX).token
    assert learner.http.get(f"{tool_server.url}/tutor/learners/{member_id}?lt={token}").status_code == 403


def test_dashboard_links_to_the_detail_page(setting, tool_server) -> None:
    tutor, token, member_id = setting
    html = tutor.http.get(f"{tool_server.url}/tutor/?lt={token}").text
    assert re.search(rf'href="/tutor/learners/{member_id}\?lt=', html)
