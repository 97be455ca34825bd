"""The score service refuses and keeps scores as Moodle 4.5's does (issue 12, point 6).

Moodle drops `scoreGiven` unless `gradingProgress` is FullyGraded, answers 400 with the
reason phrase "Incorrect score received" for a user who cannot be graded, and 404 once
the column was deleted. Everything here goes over real HTTP with real tokens.
"""

from __future__ import annotations

import pytest

from .ags import LINEITEM, RESULT_READONLY, SCORE, create_line_item, lineitem_url, post_score, score


def results(dev, bearer, lineitem: str):
    return dev.http.get(lineitem.replace("/lineitem?", "/lineitem/results?"), headers=bearer(RESULT_READONLY))


@pytest.mark.parametrize("progress", ["Pending", "PendingManual", "Failed", "NotReady"])
def test_a_score_given_without_fully_graded_is_stored_as_no_grade(dev, bearer, progress):
    headers = bearer(SCORE)

    graded = post_score(dev, headers, score(0, scoreGiven=15))
    not_graded = post_score(dev, headers, score(1, scoreGiven=18, gradingProgress=progress))

    assert graded.status_code == 204 and not_graded.status_code == 204
    kept = dev.platform.scores[-1]
    assert kept.score_given is None, "Moodle nulls scoreGiven unless FullyGraded"
    assert kept.ignored_score_given == 18 and kept.score_maximum == 20
    [result] = results(dev, bearer, lineitem_url(dev)).json()
    assert "resultScore" not in result, "like Moodle, the null grade erases the 15 held before"


def test_a_fully_graded_score_keeps_its_grade(dev, bearer):
    response = post_score(dev, bearer(SCORE), score(0, scoreGiven=12))

    assert response.status_code == 204
    assert dev.platform.scores[-1].score_given == 12 and dev.platform.scores[-1].ignored_score_given is None
    assert results(dev, bearer, lineitem_url(dev)).json()[0]["resultScore"] == 60.0


@pytest.mark.parametrize(
    "user_id",
    [
        pytest.param("nobody-here", id="unknown user"),
        pytest.param("laura-dubois", id="a learner of another course"),
        pytest.param("nadia-haddad", id="a teacher of the course"),
        pytest.param("olivier-martin", id="a mentor of the course"),
    ],
)
def test_a_user_who_cannot_be_graded_gets_moodles_400_incorrect_score(dev, bearer, user_id):
    response = post_score(dev, bearer(SCORE), score(userId=user_id))

    assert response.status_code == 400
    assert response.reason == "Incorrect score received", "Moodle puts its message in the status line"
    assert response.json()["error_description"].startswith("Incorrect score received: ")
    assert user_id in response.json()["error_description"]
    assert dev.platform.scores == []


@pytest.mark.parametrize("missing", ["activityProgress", "gradingProgress", "timestamp", "userId"])
def test_a_score_missing_a_required_field_is_the_same_400(dev, bearer, missing):
    response = post_score(dev, bearer(SCORE), score(**{missing: None}))

    assert response.status_code == 400 and response.reason == "Incorrect score received"
    assert f"`{missing}`" in response.json()["error_description"]


def test_a_score_for_a_deleted_line_item_is_a_404(dev, bearer):
    manage = bearer(LINEITEM)
    lineitem = create_line_item(dev, manage)
    before = post_score(dev, bearer(SCORE), score(0), lineitem)

    deleted = dev.http.delete(lineitem, headers=manage)
    after = post_score(dev, bearer(SCORE), score(1), lineitem)
    again = dev.http.delete(lineitem, headers=manage)

    assert before.status_code == 204 and deleted.status_code == 204
    assert after.status_code == 404
    assert "doesn't exist" in after.json()["error_description"], "Moodle's 'Grade item N doesn't exist'"
    assert results(dev, bearer, lineitem).status_code == 404 and again.status_code == 404
    assert len(dev.platform.scores) == 1, "the arrival log keeps what came before the deletion"


def test_the_409_compares_whole_seconds_with_the_last_accepted_score(dev, bearer):
    headers = bearer(SCORE)
    post_score(dev, headers, score(0, timestamp="2024-05-02T09:30:00.100+02:00"))

    same_second = post_score(dev, headers, score(timestamp="2024-05-02T07:30:00.999Z"))
    next_second = post_score(dev, headers, score(timestamp="2024-05-02T07:30:01Z"))

    assert same_second.status_code == 409 and next_second.status_code == 204
