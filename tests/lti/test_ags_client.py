"""The AGS client (lti.services): every answer classified once, paging as LMSs page, no redirect followed.

Issue 12, point 4: "Timeouts, 429 and 5xx are retried [...] a 401 gets a new
token; 'this user cannot be graded' [...] is classified once and shown as such"
and "pylti1p3's service classes set no timeout, ignore `expires_in` and
lower-case the whole `Link` header when paging". The dev platform answers as
Moodle's score service does; the stand-in LMS gives what it cannot (Brightspace's
403, Canvas's 422, Moodle's typographic quotes, a redirect, a 503 with Retry-After).
"""
from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import update

from devplatform.seed import ROUBAIX
from lti.models import PENDING, Platform
from lti.services import (
    MAX_PAGES,
    SCOPE_LINEITEM,
    SCOPE_LINEITEM_READONLY,
    SCOPE_SCORE,
    SCORE_TYPE,
    classify,
    next_link,
    scores_url,
)

from .stand_in_lms import Answer
from .test_service_tokens import score

MOODLE_400 = '400 Incorrect score received{"userId":"ines-belkacem","timestamp":"2026-11-29T10:00:00+00:00"}'


def moodle_link(*links: tuple[str, str]) -> str:
    """A Link header as Moodle 4.5 writes it (lineitems.php): typographic quotes, in UTF-8 bytes on the wire."""
    return ", ".join(f"<{url}>; rel=\u201c{rel}\u201d" for url, rel in links).encode().decode("latin-1")


@pytest.mark.parametrize(("status", "said", "target", "kind"), [
    (200, "", "score", "delivered"),
    (204, "", "score", "delivered"),
    (201, "", "line_item", "delivered"),
    (409, "Refusing score with an earlier timestamp for item 5 and user 7", "score", "conflict"),
    (None, "ConnectionError after 0.0 s", "score", "retry"),
    (408, "", "score", "retry"),
    (429, "", "line_item", "retry"),
    (500, "", "score", "retry"),
    (503, "", "line_item", "retry"),
    (400, MOODLE_400, "score", "not_gradable"),  # Moodle: not enrolled, or no graded role
    (400, "No label or Score Maximum", "line_item", "refused"),
    (403, "User in requested score is not enrolled in the org unit", "score", "not_gradable"),  # Brightspace
    (404, "User in requested score does not exist", "score", "not_gradable"),  # Brightspace
    (422, "User not found in course or is not a student", "score", "not_gradable"),  # Canvas
    (422, "This course has concluded. AGS requests will no longer be accepted for this course.", "score",
     "course_closed"),  # Canvas
    (422, "The maximum number of allowed attempts has been reached", "score", "refused"),
    (404, "Not Found: Grade item 5 doesn't exist", "score", "gone"),  # Moodle, column deleted
    (404, "", "line_item", "gone"),
    (403, "Not allowed in context", "score", "refused"),
    (401, "", "score", "refused"),  # the second 401 of a call
    (301, "", "line_item", "refused"),
    (302, "", "score", "refused"),  # pylti1p3 would count it delivered (r.ok)
    (418, "", "score", "refused"),
    (None, "no complete answer within 5 s (Timeout)", "token", "retry"),
    (503, "HTTP 503", "token", "retry"),
    (400, "HTTP 400 invalid_scope", "token", "refused"),
    (401, "HTTP 401 invalid_client", "token", "refused"),
    (200, "HTTP 200 without an access token", "token", "refused"),
])
def test_each_answer_has_one_meaning(status, said, target, kind) -> None:
    outcome = classify(status, said, target, retry_after=12.0)
    assert (outcome.kind, outcome.status) == (kind, status)
    assert outcome.retry_after == (12.0 if kind == "retry" else None)
    assert "ines" not in outcome.detail and "user 7" not in outcome.detail  # the LMS's words are not copied


@pytest.fixture
def items_url(lms) -> str:
    """A Moodle-style line item URL on the stand-in (its tool type in the query)."""
    return f"{lms.url}/ags/items/5/lineitem?type_id=2"


@pytest.mark.parametrize(("answer", "kind", "retry_after"), [
    (Answer(200, {"resultUrl": "x"}), "delivered", None),
    (Answer(MOODLE_400, []), "not_gradable", None),
    (Answer(409, {"status": 409, "reason": "Refusing score with an earlier timestamp"}), "conflict", None),
    (Answer(503, headers={"Retry-After": "7"}), "retry", 7.0),
    (Answer(429, headers={"Retry-After": "30"}), "retry", 30.0),
    (Answer(403, {"detail": "User in requested score is not enrolled in the org unit"}), "not_gradable", None),
    (Answer(422, {"errors": [{"message": "User not found in course or is not a student"}]}), "not_gradable", None),
    (Answer(422, {"errors": {"message": "This course has concluded. AGS requests will no longer be accepted "
                                        "for this course."}}), "course_closed", None),
    (Answer(404), "gone", None),
    (Answer(403, {"reason": "Not allowed in context"}), "refused", None),
])
def test_a_score_is_classified_from_what_the_lms_answered(lms, ags, stand_in_registration, items_url,
                                                          answer, kind, retry_after) -> None:
    lms.script = [answer]
    outcome = ags(stand_in_registration).post_score(items_url, score(datetime.now(UTC)))
    assert outcome.kind == kind and outcome.status == int(str(answer.status)[:3])
    assert outcome.retry_after == retry_after
    assert "ines" not in outcome.detail


def test_retry_after_may_be_an_http_date(lms, ags, stand_in_registration, items_url) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    lms.script = [Answer(503, headers={"Retry-After": when})]
    outcome = ags(stand_in_registration).post_score(items_url, score(datetime.now(UTC)))
    assert outcome.kind == "retry" and outcome.retry_after == pytest.approx(30, abs=2)


def test_a_score_goes_to_the_scores_url_with_its_query_and_media_type(lms, ags, stand_in_registration,
                                                                    items_url) -> None:
    ags(stand_in_registration).post_score(items_url, score(datetime.now(UTC)))
    [call] = lms.calls
    assert (call.method, call.url, call.content_type) == ("POST", "/ags/items/5/lineitem/scores?type_id=2", SCORE_TYPE)
    assert [form["scope"] for form in lms.token_requests] == [SCOPE_SCORE]


def test_a_redirect_is_refused_not_followed(lms, ags, stand_in_registration, items_url) -> None:
    """A score Moodle sends to its login page must not count as delivered (pylti1p3 checks only r.ok)."""
    lms.script = [Answer(302, headers={"Location": f"{lms.url}/ags/login"})]
    outcome = ags(stand_in_registration).post_score(items_url, score(datetime.now(UTC)))
    assert (outcome.kind, outcome.status) == ("refused", 302)
    assert [c.url for c in lms.calls] == ["/ags/items/5/lineitem/scores?type_id=2"]


def test_no_answer_is_worth_another_try(lms, ags, stand_in_registration) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again when the block ends: nobody listens there
    outcome = ags(stand_in_registration).post_score(f"http://localhost:{port}/lineitem", score(datetime.now(UTC)))
    assert (outcome.kind, outcome.status) == ("retry", None) and outcome.detail.startswith("no answer")


@pytest.mark.parametrize("url", ["http://lms.example.org/ags/items/5", "ftp://localhost/items", "https://[::1/x"])
def test_an_address_the_tool_may_not_call_is_refused_before_any_token(lms, ags, stand_in_registration, url) -> None:
    outcome = ags(stand_in_registration).post_score(url, score(datetime.now(UTC)))
    assert (outcome.kind, outcome.status) == ("refused", None)
    assert lms.token_requests == [] and lms.calls == []


def test_only_granted_scopes_are_asked_for(lms, ags, stand_in_registration, items_url) -> None:
    """Moodle's grade sync only grants no `lineitem`: creating a column is refused without a call."""
    container = f"{lms.url}/ags/items"
    scores_only = ags(stand_in_registration, [SCOPE_SCORE])
    assert scores_only.create_line_item(container, {"label": "Quiz", "scoreMaximum": 10}).kind == "refused"
    assert scores_only.line_items(container).kind == "refused"
    assert lms.token_requests == [] and lms.calls == []

    assert ags(stand_in_registration, [SCOPE_LINEITEM, SCOPE_SCORE]).line_items(container).kind == "delivered"
    assert ags(stand_in_registration).get_line_item(items_url).kind == "refused"  # the stand-in's [] is no item
    assert [form["scope"] for form in lms.token_requests] == [SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY]


def test_a_pending_registration_calls_nothing(lms, ags, stand_in_registration, items_url, db) -> None:
    db.execute(update(Platform).where(Platform.id == stand_in_registration).values(status=PENDING))
    db.commit()
    outcome = ags(stand_in_registration).post_score(items_url, score(datetime.now(UTC)))
    assert outcome.kind == "refused" and "pending" in outcome.detail
    assert lms.token_requests == [] and lms.calls == []


def test_every_page_is_read_through_moodles_typographic_quotes(lms, ags, stand_in_registration) -> None:
    """Four pages: Moodle's “next”, an unquoted REL=Next, then rel="next last"; cursors keep their case."""
    base = f"{lms.url}/ags/Course/LineItems?type_id=2&resource_id=Quiz-A"
    pages = [f"{base}&from=1&Cursor=AbC", f"{base}&from=2&Cursor=DeF", f"{base}&from=3&Cursor=GhI"]
    lms.script = [
        Answer(200, [{"id": "a"}], {"Link": moodle_link((base, "first"), (pages[0], "next"), (pages[2], "last"))}),
        Answer(200, [{"id": "b"}], {"Link": f"<{base}>; rel=first, <{pages[1]}>; REL=Next"}),
        Answer(200, [{"id": "c"}], {"Link": f'<{pages[2]}>; title="more"; rel="next last"'}),
        Answer(200, [{"id": "d"}], {"Link": moodle_link((base, "first"), (pages[1], "prev"))}),
    ]
    outcome = ags(stand_in_registration).line_items(f"{lms.url}/ags/Course/LineItems?type_id=2", resource_id="Quiz-A")
    assert outcome.kind == "delivered" and [i["id"] for i in outcome.data] == ["a", "b", "c", "d"]
    assert [f"{lms.url}{c.url}" for c in lms.calls] == [base, *pages]
    assert len(lms.token_requests) == 1


def test_paging_stops_at_another_site_and_at_the_page_cap(lms, ags, stand_in_registration) -> None:
    container = f"{lms.url}/ags/items"
    elsewhere = container.replace("localhost", "127.0.0.1")
    lms.script = [Answer(200, [{"id": "a"}], {"Link": f'<{elsewhere}?from=1>; rel="next"'})]
    outcome = ags(stand_in_registration).line_items(container)
    assert outcome.kind == "refused" and "another site" in outcome.detail and len(lms.calls) == 1

    lms.calls.clear()
    lms.script = [Answer(200, [], {"Link": f'<{container}>; rel="next"'})] * (MAX_PAGES + 1)
    outcome = ags(stand_in_registration).line_items(container)
    assert outcome.kind == "refused" and len(lms.calls) == MAX_PAGES


def test_an_answer_that_is_not_a_list_of_line_items_is_refused(lms, ags, stand_in_registration) -> None:
    lms.script = [Answer(200, {"id": "a"})]
    assert ags(stand_in_registration).line_items(f"{lms.url}/ags/items").kind == "refused"


def test_against_the_dev_platform(platform, ags, registered) -> None:
    """Create, find, read a column; score it; then the answers Moodle gives: 409, not a learner, column gone."""
    client = ags(registered)
    container = platform.urls.lineitems(ROUBAIX)
    created = client.create_line_item(container, {"label": "Quiz A", "scoreMaximum": 10, "resourceId": "quiz-a",
                                                  "tag": "score"})
    assert (created.kind, created.status) == ("delivered", 201)
    url = created.data["id"]
    assert [i["id"] for i in client.line_items(container, resource_id="quiz-a", tag="score").data] == [url]
    everything = client.line_items(container).data
    assert len(everything) >= 2 and client.line_items(f"{container}?limit=1").data == everything  # rel="next"
    assert client.get_line_item(url).data["label"] == "Quiz A"

    at = datetime.now(UTC).replace(microsecond=0)
    assert client.post_score(url, score(at)).kind == "delivered"
    sent = platform.scores[-1]
    assert (sent.user_id, sent.score_given, sent.activity_progress, sent.grading_progress) == (
        "ines-belkacem", 8.0, "Completed", "FullyGraded")
    assert client.post_score(url, score(at)).kind == "conflict"
    assert client.post_score(url, score(at, user="nadia-haddad")).kind == "not_gradable"

    [item] = [i for i in platform.line_items.values() if i.resource_id == "quiz-a"]
    platform.gradebook.delete(item.id)
    assert client.get_line_item(url).kind == "gone"
    assert client.post_score(url, score(at + timedelta(seconds=1))).kind == "gone"


@pytest.mark.parametrize(("lineitem", "scores"), [
    ("https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=2",
     "https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=2"),
    ("https://canvas.example/api/lti/courses/1/line_items/7/", "https://canvas.example/api/lti/courses/1/line_items/7/scores"),
])
def test_the_scores_url_is_the_line_item_path_and_scores_before_the_query(lineitem, scores) -> None:
    assert scores_url(lineitem) == scores


@pytest.mark.parametrize(("header", "expected"), [
    ('<https://x.example/Items?Cursor=AbC>; rel="next"', "https://x.example/Items?Cursor=AbC"),
    ("<https://x.example/p2>; rel=\u201cnext\u201d", "https://x.example/p2"),
    ('<https://x.example/p1>; rel="prev", <https://x.example/p3>; rel=next', "https://x.example/p3"),
    ("</items?page=2>; rel=next", "https://x.example/items?page=2"),
    ('<https://x.example/last>; rel="last"', None),
    ("", None),
])
def test_the_next_link_is_read_tolerantly(header, expected) -> None:
    assert next_link(header, "https://x.example/items") == expected
