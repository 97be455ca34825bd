"""Access tokens (lti.service_tokens): one per registration and scope set, shared by every worker.

Issue 12, point 4: "Access tokens are reused until they expire (one per
registration, scope set and expiry window, shared by the workers) [...] a 401
gets a new token". The dev platform counts the tokens it issues; the stand-in
LMS answers what the dev platform cannot (a 401 on a live token, an
`expires_in` missing or absurd, two token requests held until both arrived).
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.db import as_utc, utcnow
from lti.models import ServiceToken
from lti.service_tokens import MAX_LIFETIME_SECONDS, AccessToken, lifetime_seconds, scope_key
from lti.services import SCOPE_SCORE

from .stand_in_lms import Answer

LEARNER = "ines-belkacem"


def score(at: datetime, given: float = 8.0, user: str = LEARNER) -> dict[str, object]:
    return {"userId": user, "scoreGiven": given, "scoreMaximum": 10.0, "activityProgress": "Completed",
            "gradingProgress": "FullyGraded", "timestamp": at.isoformat()}


@pytest.fixture
def column(platform, ags, registered) -> str:
    """A new line item in the dev platform's Roubaix course; its URL."""
    created = ags(registered).create_line_item(platform.urls.lineitems(ROUBAIX), {"label": "Quiz", "scoreMaximum": 10})
    assert created.kind == "delivered", created
    return str(created.data["id"])


def stored(db) -> list[ServiceToken]:
    """The tokens held for the score scope (the column fixture holds one for `lineitem`)."""
    db.expire_all()
    return list(db.scalars(select(ServiceToken).where(ServiceToken.scope_key == scope_key([SCOPE_SCORE]))))


def test_ten_scores_from_two_workers_use_one_token(platform, ags, registered, column, db) -> None:
    """Ten scores sent by two clients (two workers) cost the dev platform one token, asked for `score` alone."""
    before = len(platform.issued_tokens)
    workers = (ags(registered), ags(registered))
    start = datetime.now(UTC).replace(microsecond=0)
    outcomes = [workers[i % 2].post_score(column, score(start + timedelta(seconds=i), given=i)) for i in range(10)]
    assert [o.kind for o in outcomes] == ["delivered"] * 10
    issued = platform.issued_tokens[before:]
    assert len(issued) == 1 and issued[0].scopes == {SCOPE_SCORE}
    received = [s for s in platform.scores if s.user_id == LEARNER and s.score_given is not None]
    assert [s.score_given for s in received][-10:] == [float(i) for i in range(10)]
    [row] = stored(db)
    assert row.granted_scopes == [SCOPE_SCORE]
    assert timedelta(minutes=59) < as_utc(row.expires_at) - utcnow() <= timedelta(hours=1)


def test_a_token_near_its_expiry_is_replaced_and_one_with_time_left_is_kept(platform, ags, registered, column,
                                                                            db) -> None:
    client = ags(registered)
    start = datetime.now(UTC).replace(microsecond=0)
    assert client.post_score(column, score(start)).kind == "delivered"
    first = stored(db)[0].token
    before = len(platform.issued_tokens)

    held = ServiceToken.scope_key == scope_key([SCOPE_SCORE])
    db.execute(update(ServiceToken).where(held).values(expires_at=utcnow() + timedelta(minutes=10)))
    db.commit()
    assert client.post_score(column, score(start + timedelta(seconds=1))).kind == "delivered"
    assert len(platform.issued_tokens) == before

    db.execute(update(ServiceToken).where(held).values(expires_at=utcnow() + timedelta(seconds=30)))
    db.commit()
    assert client.post_score(column, score(start + timedelta(seconds=2))).kind == "delivered"
    assert len(platform.issued_tokens) == before + 1
    [replaced] = stored(db)
    assert replaced.token != first and as_utc(replaced.expires_at) > utcnow() + timedelta(minutes=59)


def test_a_401_gets_one_new_token_then_the_call_gives_up(lms, ags, stand_in_registration, db, caplog) -> None:
    """Moodle answers 401 to a token that lacks a scope: a new token, one more try, then `refused`."""
    caplog.set_level(logging.DEBUG)
    lms.script = [Answer(401, {"error": "invalid_token"}), Answer(401, {"error": "invalid_token"})]
    outcome = ags(stand_in_registration).post_score(f"{lms.url}/ags/items/1", score(utcnow()))
    assert (outcome.kind, outcome.status) == ("refused", 401)
    assert len(lms.tokens) == 2
    assert [c.authorization for c in lms.calls] == [f"Bearer {t}" for t in lms.tokens]
    [kept] = stored(db)
    assert kept.token == lms.tokens[1]  # the first was forgotten; the second stays for the next call to try
    for token in lms.tokens:  # a secret: in no message, no log line, no repr
        assert token not in outcome.detail and token not in repr(outcome) and token not in caplog.text


def test_a_401_then_success_is_delivered_with_the_new_token(lms, ags, stand_in_registration) -> None:
    lms.script = [Answer(401), Answer(204)]
    outcome = ags(stand_in_registration).post_score(f"{lms.url}/ags/items/1", score(utcnow()))
    assert (outcome.kind, outcome.status) == ("delivered", 204)
    assert lms.calls[-1].authorization == f"Bearer {lms.tokens[-1]}" and len(lms.tokens) == 2


@pytest.mark.parametrize(("expires_in", "seconds"), [
    (None, 3600), (120, 120), ("900", 900), (10**9, MAX_LIFETIME_SECONDS), (-5, 0), ("soon", 3600),
])
def test_expires_in_is_honoured_defaulted_and_capped(expires_in, seconds) -> None:
    assert lifetime_seconds(expires_in) == seconds


def test_a_token_without_expires_in_is_kept_an_hour(lms, ags, stand_in_registration, db) -> None:
    lms.token_answer = Answer(200, {"access_token": "no-expiry", "token_type": "Bearer"})
    assert ags(stand_in_registration).post_score(f"{lms.url}/ags/items/1", score(utcnow())).kind == "delivered"
    [row] = stored(db)
    assert timedelta(minutes=59) < as_utc(row.expires_at) - utcnow() <= timedelta(hours=1)
    assert row.granted_scopes == [SCOPE_SCORE]  # the LMS did not say: what was asked


def test_two_workers_asking_for_a_token_at_once_both_succeed(lms, ags, stand_in_registration, db) -> None:
    """Both miss the cache, the stand-in holds both token requests until both arrived, both store theirs.

    A plain INSERT fails here with the unique (registration, scope key): the upsert does not.
    """
    url = f"{lms.url}/ags/items/1"
    for _ in range(5):
        lms.token_gate = threading.Barrier(2)
        workers = [ags(stand_in_registration) for _ in range(2)]
        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(lambda worker: worker.post_score(url, score(utcnow())), workers))
        assert [o.kind for o in outcomes] == ["delivered", "delivered"]
        [row] = stored(db)
        assert row.token in lms.tokens[-2:]
        db.delete(row)
        db.commit()
    assert len(lms.tokens) == 10


def test_token_endpoint_refusals_and_silences(lms, ags, stand_in_registration) -> None:
    """invalid_scope is the registration's business (refused); a 503 is worth another try. Only the code shows."""
    url = f"{lms.url}/ags/items/1"
    lms.token_answer = Answer(400, {"error": "invalid_scope", "error_description": "ines-belkacem may not"})
    outcome = ags(stand_in_registration).post_score(url, score(utcnow()))
    assert (outcome.kind, outcome.status) == ("refused", 400) and "invalid_scope" in outcome.detail
    assert "ines" not in outcome.detail
    lms.token_answer = Answer(503)
    assert ags(stand_in_registration).post_score(url, score(utcnow())).kind == "retry"
    lms.token_answer = Answer(302, headers={"Location": f"{lms.url}/login"})
    assert ags(stand_in_registration).post_score(url, score(utcnow())).kind == "refused"
    lms.token_answer = Answer(200, {"token_type": "Bearer"})
    assert ags(stand_in_registration).post_score(url, score(utcnow())).kind == "refused"
    assert lms.calls == []


def test_the_token_request_is_pylti1p3s_client_assertion_for_the_one_scope(lms, ags, stand_in_registration) -> None:
    ags(stand_in_registration).post_score(f"{lms.url}/ags/items/1", score(utcnow()))
    [form] = lms.token_requests
    assert form["grant_type"] == "client_credentials" and form["scope"] == SCOPE_SCORE
    assert form["client_assertion"].count(".") == 2


def test_an_access_token_hides_its_value() -> None:
    assert "s3cret" not in repr(AccessToken("s3cret", scope_key(["a"]), frozenset(), utcnow()))
    assert scope_key(["b", "a", "a"]) == scope_key(["a", "b"])
