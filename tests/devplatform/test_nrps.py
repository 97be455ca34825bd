"""NRPS 2.0: the roster, with learners who never launched, paged with a Link header."""

from __future__ import annotations

from devplatform.seed import LILLE, ROUBAIX

NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


def memberships(dev, context_id: str = ROUBAIX) -> str:
    return f"{dev.url}/api/contexts/{context_id}/memberships"


def test_the_roster_lists_every_member_with_their_roles(dev, bearer):
    response = dev.http.get(memberships(dev), headers={**bearer(NRPS), "Accept": MEDIA_TYPE})

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(MEDIA_TYPE)
    body = response.json()
    assert body["id"] == memberships(dev)
    assert body["context"] == {"id": ROUBAIX, "label": "NURS-RBX", "title": "Nurserie numérique — Afpa Roubaix"}
    members = {m["user_id"]: m for m in body["members"]}
    assert {"yasmine-benali", "dylan-carpentier", "amandine-lefort", "rachid-ouali"} <= members.keys()
    assert "laura-dubois" not in members
    assert members["yasmine-benali"] == {
        "status": "Active", "user_id": "yasmine-benali", "name": "Yasmine Benali", "given_name": "Yasmine",
        "family_name": "Benali", "email": "yasmine.benali@example.org", "roles": [LEARNER],
    }
    assert "email" not in members["rachid-ouali"]


def test_the_roster_pages_with_limit_and_a_next_link(dev, bearer):
    headers = bearer(NRPS)
    seen: list[str] = []
    url: str | None = memberships(dev, LILLE) + "?limit=2"
    pages = 0
    while url:
        response = dev.http.get(url, headers=headers)
        assert response.status_code == 200
        page = [m["user_id"] for m in response.json()["members"]]
        assert len(page) <= 2
        seen += page
        url = response.links.get("next", {}).get("url")
        pages += 1

    everyone = [m["user_id"] for m in dev.http.get(memberships(dev, LILLE), headers=headers).json()["members"]]
    assert seen == everyone and len(everyone) == 8
    assert pages == 4


def test_the_roster_filters_by_role_uri_or_simple_name(dev, bearer):
    headers = bearer(NRPS)

    by_name = dev.http.get(memberships(dev), params={"role": "Learner"}, headers=headers).json()["members"]
    by_uri = dev.http.get(memberships(dev), params={"role": LEARNER}, headers=headers).json()["members"]
    mentors = dev.http.get(memberships(dev), params={"role": "Mentor"}, headers=headers).json()["members"]

    assert by_name == by_uri and len(by_name) == 6
    assert [m["user_id"] for m in mentors] == ["olivier-martin"]


def test_the_roster_refuses_bad_paging_and_missing_scopes(dev, bearer):
    assert dev.http.get(memberships(dev), params={"limit": "0"}, headers=bearer(NRPS)).status_code == 400
    assert dev.http.get(memberships(dev), params={"limit": "-3"}, headers=bearer(NRPS)).status_code == 400
    assert dev.http.get(memberships(dev)).status_code == 401
    assert dev.http.get(memberships(dev), headers=bearer(SCORE)).status_code == 401, "Moodle's answer, not 403"
    assert dev.http.get(memberships(dev, "nurserie-paris"), headers=bearer(NRPS)).status_code == 404
