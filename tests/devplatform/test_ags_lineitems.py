"""AGS 2.0 line items: the container of a course and one line item at a Moodle-style URL."""

from __future__ import annotations

import json

import pytest

from devplatform.seed import LILLE, ROUBAIX

LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
ITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"


def container(dev, context_id: str = ROUBAIX) -> str:
    return f"{dev.url}/api/contexts/{context_id}/lineitems"


def create(dev, headers: dict[str, str], **fields) -> dict:
    body = {"label": "Test de positionnement", "scoreMaximum": 20, **fields}
    response = dev.http.post(container(dev), data=json.dumps(body),
                             headers={**headers, "Content-Type": ITEM_TYPE})
    assert response.status_code == 201, response.text
    return response.json()


def test_create_then_get_a_line_item(dev, bearer):
    headers = bearer(LINEITEM)

    created = create(dev, headers, resourceLinkId="parcours-nurserie-roubaix", tag="entry-test",
                     resourceId="test-de-positionnement", startDateTime="2024-05-02T09:00:00+02:00")
    fetched = dev.http.get(created["id"], headers={**headers, "Accept": ITEM_TYPE})

    assert created["id"].endswith("/lineitem?type_id=1")
    assert created["scoreMaximum"] == 20 and created["tag"] == "entry-test"
    assert fetched.status_code == 200 and fetched.json() == created
    assert fetched.headers["Content-Type"].startswith(ITEM_TYPE)
    assert len(dev.platform.line_items) == 3, "two seeded defaults and this one"


def test_list_filters_by_resource_link_resource_and_tag(dev, bearer):
    headers = bearer(LINEITEM)
    create(dev, headers, label="Cybersécurité", resourceId="cybersecurite", tag="module")
    create(dev, headers, label="Design numérique", resourceId="design-numerique", tag="module")

    def labels(**params) -> list[str]:
        response = dev.http.get(container(dev), params=params, headers=bearer(LINEITEM_READONLY))
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith(CONTAINER_TYPE)
        return [item["label"] for item in response.json()]

    assert labels() == ["Parcours de la nurserie", "Cybersécurité", "Design numérique"]
    assert labels(resource_link_id="parcours-nurserie-roubaix") == ["Parcours de la nurserie"]
    assert labels(resource_id="design-numerique") == ["Design numérique"]
    assert labels(tag="module") == ["Cybersécurité", "Design numérique"]
    assert labels(tag="nothing") == []


def test_list_pages_with_limit_and_a_next_link(dev, bearer):
    headers = bearer(LINEITEM)
    for n in range(3):
        create(dev, headers, label=f"Module {n}", tag="module")

    first = dev.http.get(container(dev), params={"tag": "module", "limit": 2}, headers=headers)
    second = dev.http.get(first.links["next"]["url"], headers=headers)

    assert [i["label"] for i in first.json()] == ["Module 0", "Module 1"]
    assert first.links["next"]["url"] == first.links["next"]["url"].lower(), "pylti1p3 lower-cases Link"
    assert [i["label"] for i in second.json()] == ["Module 2"]
    assert "next" not in second.links


def test_filters_and_paging_together_walk_every_page_following_next_as_is(dev, bearer):
    headers = bearer(LINEITEM)
    for n in range(5):
        create(dev, headers, label=f"Module {n}", tag="module" if n % 2 == 0 else "quiz",
               resourceLinkId="parcours-nurserie-roubaix")
    url: str | None = container(dev) + "?resource_link_id=parcours-nurserie-roubaix&tag=module&limit=1"
    pages = []

    while url:
        response = dev.http.get(url, headers=bearer(LINEITEM_READONLY))
        assert response.status_code == 200
        pages.append([item["label"] for item in response.json()])
        url = response.links.get("next", {}).get("url")

    assert pages == [["Module 0"], ["Module 2"], ["Module 4"]], "the next link keeps the filters"


def test_put_replaces_and_delete_removes_a_line_item(dev, bearer):
    headers = bearer(LINEITEM)
    created = create(dev, headers)

    updated = dev.http.put(created["id"], data=json.dumps({**created, "label": "Test d'entrée", "scoreMaximum": 40}),
                           headers={**headers, "Content-Type": ITEM_TYPE})
    deleted = dev.http.delete(created["id"], headers=headers)
    gone = dev.http.get(created["id"], headers=headers)

    assert updated.status_code == 200 and updated.json()["label"] == "Test d'entrée"
    assert updated.json()["scoreMaximum"] == 40
    assert deleted.status_code == 204
    assert gone.status_code == 404


def test_a_line_item_of_another_course_is_not_found(dev, bearer):
    created = create(dev, bearer(LINEITEM))

    response = dev.http.get(created["id"].replace(ROUBAIX, LILLE), headers=bearer(LINEITEM))

    assert response.status_code == 404


def test_a_line_item_url_without_its_type_id_query_is_refused(dev, bearer):
    created = create(dev, bearer(LINEITEM))

    response = dev.http.get(created["id"].split("?")[0], headers=bearer(LINEITEM))

    assert response.status_code == 400
    assert "type_id" in response.json()["error_description"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        pytest.param({"label": "x", "scoreMaximum": 10}, "application/json", 415, id="wrong media type"),
        pytest.param("not json", ITEM_TYPE, 400, id="not JSON"),
        pytest.param([], ITEM_TYPE, 400, id="not an object"),
        pytest.param({"scoreMaximum": 10}, ITEM_TYPE, 400, id="label missing"),
        pytest.param({"label": "  ", "scoreMaximum": 10}, ITEM_TYPE, 400, id="label blank"),
        pytest.param({"label": "x"}, ITEM_TYPE, 400, id="scoreMaximum missing"),
        pytest.param({"label": "x", "scoreMaximum": 0}, ITEM_TYPE, 400, id="scoreMaximum zero"),
        pytest.param({"label": "x", "scoreMaximum": "10"}, ITEM_TYPE, 400, id="scoreMaximum a string"),
        pytest.param({"label": "x", "scoreMaximum": 10, "resourceLinkId": "parcours-nurserie-lille"}, ITEM_TYPE,
                     400, id="resource link of another course"),
        pytest.param({"label": "x", "scoreMaximum": 10, "tag": 3}, ITEM_TYPE, 400, id="tag not a string"),
        pytest.param({"label": "x", "scoreMaximum": 10, "endDateTime": "demain"}, ITEM_TYPE, 400,
                     id="endDateTime not ISO 8601"),
    ],
)
def test_a_bad_line_item_is_refused_with_a_message(dev, bearer, body, content_type, status):
    data = body if isinstance(body, str) else json.dumps(body)

    response = dev.http.post(container(dev), data=data, headers={**bearer(LINEITEM), "Content-Type": content_type})

    assert response.status_code == status
    assert response.json()["error_description"]


def test_line_items_need_a_token_with_the_right_scope(dev, bearer):
    body = json.dumps({"label": "x", "scoreMaximum": 10})

    anonymous = dev.http.get(container(dev))
    forged = dev.http.get(container(dev), headers={"Authorization": "Bearer forged"})
    read_only = dev.http.post(container(dev), data=body, headers={**bearer(LINEITEM_READONLY),
                                                                   "Content-Type": ITEM_TYPE})
    wrong_scope = dev.http.get(container(dev), headers=bearer(SCORE))

    assert anonymous.status_code == 401 and "Bearer" in anonymous.headers["WWW-Authenticate"]
    assert forged.status_code == 401
    # Moodle answers 401 for a token that lacks the scope, as for a missing one; RFC 6750 would say 403.
    assert read_only.status_code == 401 and wrong_scope.status_code == 401
    assert read_only.json()["error"] == "insufficient_scope"
    assert 'error="insufficient_scope"' in read_only.headers["WWW-Authenticate"]


def test_an_unknown_course_is_a_json_404(dev, bearer):
    response = dev.http.get(container(dev, "nurserie-paris"), headers=bearer(LINEITEM))

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
