"""The outage switch: the score endpoint (or all of AGS) fails for N requests or until switched off.

The tool must keep what it could not send and deliver it, once, when the LMS answers
again; these tests show the switch a test in another process drives over HTTP, and the
button the demo uses.
"""

from __future__ import annotations

import pytest

from devplatform.seed import ROUBAIX

from .ags import LINEITEM_READONLY, SCORE, control, csrf_token, post_score, score


def test_the_score_endpoint_fails_for_n_requests_then_recovers(dev, bearer):
    headers = bearer(SCORE)
    switched = control(dev, "ags", {"status": 503, "count": 2, "retry_after": 1})

    failed = [post_score(dev, headers, score(n)) for n in range(2)]
    recovered = post_score(dev, headers, score(2))

    assert switched.status_code == 200 and switched.json()["status"] == 503 and switched.json()["count"] == 2
    assert [r.status_code for r in failed] == [503, 503]
    assert all(r.headers["Retry-After"] == "1" for r in failed)
    assert failed[0].json()["error"] == "temporarily_unavailable"
    assert recovered.status_code == 204
    assert [s.timestamp.second for s in dev.platform.scores] == [2], "only the score sent after recovery is kept"
    state = control(dev, "ags").json()
    assert state["status"] is None and state["refused"] == 2, "the switch turned itself off after two"


def test_the_switch_stays_on_until_switched_off(dev, bearer):
    headers = bearer(SCORE)
    control(dev, "ags", {"status": 503})

    failed = [post_score(dev, headers, score(n)).status_code for n in range(5)]
    without_token = post_score(dev, {}, score(5))
    control(dev, "ags", {"status": None})
    recovered = post_score(dev, headers, score(6))

    assert failed == [503] * 5 and "Retry-After" not in without_token.headers
    assert without_token.status_code == 503, "the outage comes before the token check, as a proxy's would"
    assert recovered.status_code == 204


def test_the_scores_outage_leaves_line_items_and_the_ags_outage_does_not(dev, bearer):
    container = f"{dev.url}/api/contexts/{ROUBAIX}/lineitems"
    headers = bearer(LINEITEM_READONLY)

    control(dev, "ags", {"status": 502})
    during_scores_outage = dev.http.get(container, headers=headers)
    control(dev, "ags", {"status": 429, "part": "ags", "count": 1})
    during_ags_outage = dev.http.get(container, headers=headers)
    after = dev.http.get(container, headers=headers)

    assert during_scores_outage.status_code == 200
    assert during_ags_outage.status_code == 429 and after.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"status": 200}, id="status not a failure"),
        pytest.param({"status": "503"}, id="status a string"),
        pytest.param({"status": 503, "count": 0}, id="count zero"),
        pytest.param({"status": 503, "count": True}, id="count a boolean"),
        pytest.param({"status": 503, "retry_after": -1}, id="retry_after negative"),
        pytest.param({"status": 503, "part": "token"}, id="part unknown"),
        pytest.param([503], id="not an object"),
    ],
)
def test_a_bad_control_is_a_400_and_changes_nothing(dev, body):
    response = control(dev, "ags", body)

    assert response.status_code == 400 and response.json()["error_description"]
    assert control(dev, "ags").json()["status"] is None


def test_the_controls_want_json_and_refuse_pages_of_other_sites(dev):
    url = f"{dev.url}/dev/controls/ags"

    form = dev.http.post(url, data={"status": "503"})
    other_site = dev.http.post(url, json={"status": 503}, headers={"Origin": "http://evil.example"})
    own_page = dev.http.post(url, json={"status": 503, "count": 1}, headers={"Origin": dev.url})

    assert form.status_code == 415 and other_site.status_code == 403
    assert own_page.status_code == 200


def test_the_controls_answer_only_on_loopback(served_platform, dev):
    """A peer off loopback cannot be made over real HTTP here: the test client sets the peer address."""
    client = served_platform.app.test_client()

    remote = client.post("/dev/controls/ags", json={"status": 503}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    local = client.get("/dev/controls/ags", environ_base={"REMOTE_ADDR": "::1"})

    assert remote.status_code == 403 and local.status_code == 200
    assert dev.platform.outage.plan is None


def test_the_gradebook_button_cuts_and_restores_the_score_service(dev, bearer, read_form):
    page = f"/courses/{ROUBAIX}/gradebook"
    token = csrf_token(dev, read_form, page)
    headers = bearer(SCORE)

    cut = dev.http.post(f"{dev.url}{page}/outage", data={"csrf_token": token, "action": "start"})
    during = post_score(dev, headers, score(0))
    restored = dev.http.post(f"{dev.url}{page}/outage", data={"csrf_token": token, "action": "stop"})
    after = post_score(dev, headers, score(1))

    assert cut.status_code == 200 and "<strong>coupé</strong>" in cut.text and "Rétablir" in cut.text
    assert during.status_code == 503
    assert restored.status_code == 200 and "Le service de notes fonctionne." in restored.text
    assert after.status_code == 204


def test_the_gradebook_button_needs_the_csrf_token(dev):
    response = dev.http.post(f"{dev.url}/courses/{ROUBAIX}/gradebook/outage", data={"action": "start"})

    assert response.status_code == 400 and dev.platform.outage.plan is None
