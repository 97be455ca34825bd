"""Moodle's "grade sync only", a missing scope answered 401, and the access tokens' lifetime.

In grade-sync-only mode Moodle grants `lineitem.readonly`, `result.readonly` and `score`:
the tool reads columns and posts scores, but a call that needs `lineitem` gets 401, the
answer Moodle gives for a missing scope, not RFC 6750's 403.
"""

from __future__ import annotations

import json
import time

from devplatform.seed import ROUBAIX

from .ags import (
    ALL_AGS,
    ITEM_TYPE,
    LINEITEM,
    LINEITEM_READONLY,
    RESULT_READONLY,
    SCORE,
    control,
    csrf_token,
    lineitem_url,
    post_score,
    score,
)

AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


def token_response(dev, tool, *scopes: str):
    response = dev.http.post(f"{dev.url}/token", data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": tool.assertion(f"{dev.url}/token"),
        "scope": " ".join(scopes),
    })
    assert response.status_code == 200, response.text
    return response.json()


def test_grade_sync_only_grants_the_three_scopes_moodle_grants(dev, tool):
    dev.platform.update_registration(grade_sync_only=True)

    granted = token_response(dev, tool, *ALL_AGS)["scope"].split()

    assert sorted(granted) == sorted([LINEITEM_READONLY, RESULT_READONLY, SCORE])


def test_grade_sync_only_reads_columns_and_posts_scores_but_gets_401_for_managing_columns(dev, tool):
    dev.platform.update_registration(grade_sync_only=True)
    headers = {"Authorization": f"Bearer {token_response(dev, tool, *ALL_AGS)['access_token']}"}
    container = f"{dev.url}/api/contexts/{ROUBAIX}/lineitems"
    item = json.dumps({"label": "Cybersécurité", "scoreMaximum": 20})

    listed = dev.http.get(container, headers=headers)
    scored = post_score(dev, headers, score())
    created = dev.http.post(container, data=item, headers={**headers, "Content-Type": ITEM_TYPE})
    changed = dev.http.put(lineitem_url(dev), data=item, headers={**headers, "Content-Type": ITEM_TYPE})
    deleted = dev.http.delete(lineitem_url(dev), headers=headers)

    assert listed.status_code == 200 and scored.status_code == 204
    assert [r.status_code for r in (created, changed, deleted)] == [401, 401, 401]
    assert created.json()["error"] == "insufficient_scope"
    assert len(dev.platform.line_items) == 2, "no column created, changed or deleted"


def test_grade_sync_only_launches_announce_only_the_granted_scopes(dev):
    dev.platform.update_registration(grade_sync_only=True)

    claim = dev.launch_claims("ines-belkacem", ROUBAIX)[AGS_CLAIM]

    assert sorted(claim["scope"]) == sorted([LINEITEM_READONLY, RESULT_READONLY, SCORE])
    assert claim["lineitem"] == lineitem_url(dev) and claim["lineitems"]


def test_a_tool_with_column_management_gets_lineitem(dev, tool):
    assert LINEITEM in token_response(dev, tool, *ALL_AGS)["scope"].split()


def test_the_control_endpoint_switches_grade_sync_only_and_the_token_lifetime(dev, tool):
    switched = control(dev, "tool", {"grade_sync_only": True, "token_lifetime_seconds": 5})
    kept = control(dev, "tool", {})

    assert switched.status_code == 200
    assert kept.json() == switched.json()
    assert kept.json()["grade_sync_only"] is True and kept.json()["token_lifetime_seconds"] == 5
    assert LINEITEM not in kept.json()["granted_scopes"]
    assert token_response(dev, tool, *ALL_AGS)["expires_in"] == 5
    assert control(dev, "tool", {"grade_sync_only": False}).json()["token_lifetime_seconds"] == 5
    assert LINEITEM in token_response(dev, tool, *ALL_AGS)["scope"].split()


def test_the_tool_page_switches_grade_sync_only(dev, read_form):
    token = csrf_token(dev, read_form, "/admin/tool")

    response = dev.http.post(f"{dev.url}/admin/tool/services", data={"csrf_token": token, "grade_sync": "sync-only"})

    assert response.status_code == 200 and "synchronisation des notes seule" in response.text
    assert dev.platform.registration.grade_sync_only
    assert dev.http.post(f"{dev.url}/admin/tool/services", data={"grade_sync": "full"}).status_code == 400


def test_a_token_expires_after_its_lifetime_and_then_gets_401(dev, tool):
    dev.platform.update_registration(token_lifetime_seconds=1)
    answer = token_response(dev, tool, SCORE)
    headers = {"Authorization": f"Bearer {answer['access_token']}"}

    live = post_score(dev, headers, score(0))
    time.sleep(1.2)
    expired = post_score(dev, headers, score(1))

    assert answer["expires_in"] == 1
    assert live.status_code == 204
    assert expired.status_code == 401 and expired.json()["error"] == "invalid_token"


def test_ten_scores_with_one_token_count_as_one_token_issued(dev, bearer):
    headers = bearer(SCORE)

    codes = [post_score(dev, headers, score(n, scoreGiven=n)).status_code for n in range(10)]

    assert codes == [204] * 10
    assert control(dev, "ags").json()["tokens_issued"] == 1 == len(dev.platform.issued_tokens)
