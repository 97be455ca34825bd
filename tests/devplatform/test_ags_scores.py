"""AGS 2.0 scores and results, with Moodle's 409 on a timestamp that is not newer to the second."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from devplatform.seed import ROUBAIX

SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"


def lineitem_url(dev) -> str:
    """The seeded default line item of the Roubaix link, as the launch's AGS claim gives it."""
    return f"{dev.url}/api/contexts/{ROUBAIX}/lineitems/1/lineitem?type_id=1"


def scores_url(dev) -> str:
    return lineitem_url(dev).replace("/lineitem?", "/lineitem/scores?")


def score(**changes) -> dict:
    body = {"userId": "ines-belkacem", "scoreGiven": 15, "scoreMaximum": 20, "comment": "Bon début",
            "activityProgress": "Completed", "gradingProgress": "FullyGraded",
            "timestamp": "2024-05-02T09:30:00.250+02:00", **changes}
    return {k: v for k, v in body.items() if v is not None}


def post(dev, headers: dict[str, str], body: object, content_type: str = SCORE_TYPE):
    data = body if isinstance(body, str) else json.dumps(body)
    return dev.http.post(scores_url(dev), data=data, headers={**headers, "Content-Type": content_type})


def test_a_score_is_kept_and_reported_as_a_result(dev, bearer):
    response = post(dev, bearer(SCORE), score())
    results = dev.http.get(lineitem_url(dev).replace("/lineitem?", "/lineitem/results?"),
                           headers=bearer(RESULT_READONLY))

    assert response.status_code == 204
    kept = dev.platform.scores[-1]
    assert (kept.user_id, kept.score_given, kept.comment) == ("ines-belkacem", 15, "Bon début")
    assert results.status_code == 200
    assert results.json() == [{
        "id": f"{dev.url}/api/contexts/{ROUBAIX}/lineitems/1/lineitem/results/ines-belkacem?type_id=1",
        "scoreOf": lineitem_url(dev),
        "userId": "ines-belkacem",
        "resultScore": 75.0,  # 15/20 on a line item out of 100, as Moodle scales it
        "resultMaximum": 100.0,
        "comment": "Bon début",
    }]


def test_a_score_in_the_same_second_is_a_409_and_a_later_one_is_accepted(dev, bearer):
    headers = bearer(SCORE)
    post(dev, headers, score(timestamp="2024-05-02T09:30:00.250+02:00"))

    same_second = post(dev, headers, score(scoreGiven=18, timestamp="2024-05-02T09:30:00.900+02:00"))
    older = post(dev, headers, score(scoreGiven=18, timestamp="2024-05-02T07:29:59Z"))
    next_second = post(dev, headers, score(scoreGiven=18, timestamp="2024-05-02T07:30:01Z"))
    other_learner = post(dev, headers, score(userId="kevin-dufour", timestamp="2024-05-02T09:30:00.250+02:00"))

    assert same_second.status_code == 409 and older.status_code == 409
    assert next_second.status_code == 204
    assert other_learner.status_code == 204
    assert [s.score_given for s in dev.platform.scores] == [15, 18, 15]


def test_concurrent_scores_in_one_second_are_accepted_once(dev, bearer):
    headers = {**bearer(SCORE), "Content-Type": SCORE_TYPE}

    def send(n: int) -> int:  # one connection per thread: a requests.Session is not thread-safe
        return requests.post(scores_url(dev), data=json.dumps(score(scoreGiven=n)), headers=headers).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(send, range(8)))

    assert sorted(codes) == [204] + [409] * 7
    assert len(dev.platform.scores) == 1


def test_a_score_without_a_grade_records_progress_only(dev, bearer):
    response = post(dev, bearer(SCORE), score(scoreGiven=None, scoreMaximum=None, gradingProgress="NotReady",
                                              activityProgress="Started"))
    results = dev.http.get(lineitem_url(dev).replace("/lineitem?", "/lineitem/results?"),
                           headers=bearer(RESULT_READONLY))

    assert response.status_code == 204
    assert "resultScore" not in results.json()[0]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(score(userId=None), id="userId missing"),
        pytest.param(score(userId="laura-dubois"), id="userId not a member of the course"),
        pytest.param(score(userId="nadia-haddad"), id="userId a tutor, not a learner"),
        pytest.param(score(scoreGiven=-1), id="scoreGiven negative"),
        pytest.param(score(scoreGiven="15"), id="scoreGiven a string"),
        pytest.param(score(scoreGiven=True), id="scoreGiven a boolean"),
        pytest.param(score(scoreMaximum=None), id="scoreMaximum missing with a scoreGiven"),
        pytest.param(score(scoreMaximum=0), id="scoreMaximum zero"),
        pytest.param(score(activityProgress="Done"), id="activityProgress unknown"),
        pytest.param(score(gradingProgress=None), id="gradingProgress missing"),
        pytest.param(score(timestamp=None), id="timestamp missing"),
        pytest.param(score(timestamp="02/05/2024 09:30"), id="timestamp not ISO 8601"),
        pytest.param(score(timestamp="2024-05-02T09:30:00"), id="timestamp without a time zone"),
        pytest.param('{"userId": ', id="not JSON"),
        pytest.param(json.dumps(score(scoreGiven=float("nan"))), id="scoreGiven NaN"),
        pytest.param("null", id="JSON null"),
    ],
)
def test_a_bad_score_is_a_400_with_a_message(dev, bearer, body):
    response = post(dev, bearer(SCORE), body)

    assert response.status_code == 400, response.text
    assert response.json()["error_description"]
    assert dev.platform.scores == []


def test_a_score_needs_its_media_type(dev, bearer):
    response = post(dev, bearer(SCORE), score(), content_type="application/json")

    assert response.status_code == 415


def test_a_score_on_a_missing_line_item_or_without_type_id_is_refused(dev, bearer):
    headers = {**bearer(SCORE), "Content-Type": SCORE_TYPE}

    missing = dev.http.post(scores_url(dev).replace("/lineitems/1/", "/lineitems/99/"),
                            data=json.dumps(score()), headers=headers)
    no_query = dev.http.post(scores_url(dev).split("?")[0], data=json.dumps(score()), headers=headers)

    assert missing.status_code == 404
    assert no_query.status_code == 400


def test_scores_need_a_token_with_the_score_scope(dev, bearer):
    anonymous = post(dev, {}, score())
    expired_or_forged = post(dev, {"Authorization": "Bearer nope"}, score())
    wrong_scope = post(dev, bearer(LINEITEM, RESULT_READONLY), score())

    assert anonymous.status_code == 401 and expired_or_forged.status_code == 401
    assert wrong_scope.status_code == 401 and wrong_scope.json()["error"] == "insufficient_scope", "Moodle's 401"
    assert dev.platform.scores == []
