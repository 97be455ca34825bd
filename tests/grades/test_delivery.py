"""A passed quiz reaches the LMS gradebook once, through outages, crashes and results that change mid-send.

The dev platform lives for the whole session and keeps what it received, as an LMS would, while the
tool's tables are emptied between tests: each test has its own learner, so that one test's score
(and its timestamp, compared in whole seconds) is never another's.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from lms_service.db import utcnow
from lms_service.grades.delivery import Settings, _read, _send, deliver
from lms_service.models import Attempt, GradeOutbox, GradeWorkerLease, ResourceLink, User
from lms_service.models.grades import NOT_GRADABLE, PENDING, SENT
from lti.models import Platform
from lti.services import AgsClient

from .conftest import outage, scores_for
from .outbox_rows import claimed_by, new_result, outbox_row

WEB = "developpement-web"


def test_a_passed_quiz_puts_its_score_progress_and_user_in_the_platform_gradebook(passes, drain, platform, db) -> None:
    before = len(scores_for(platform, "ines-belkacem", WEB))
    passes("ines-belkacem", WEB)
    assert outbox_row(db, "ines-belkacem", WEB).status == PENDING
    done = drain()
    assert done.statuses.get(SENT, 0) >= 1
    received = scores_for(platform, "ines-belkacem", WEB)[before:]
    attempt = db.scalars(select(Attempt).where(Attempt.module_slug == WEB)).one()
    assert len(received) == 1
    score = received[0]
    assert (score.score_given, score.score_maximum) == (attempt.score_given, attempt.score_maximum)
    assert (score.activity_progress, score.grading_progress) == ("Completed", "FullyGraded")
    row = outbox_row(db, "ines-belkacem", WEB)
    assert row.status == SENT and row.sent_at is not None and row.lease_owner is None
    assert score.timestamp.replace(microsecond=0) == row.timestamp.replace(microsecond=0, tzinfo=score.timestamp.tzinfo)


def test_with_the_score_service_down_for_a_while_the_score_arrives_once_it_recovers(
    app, passes, drain, platform, platform_server, db, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "GRADES_RETRY_BASE_SECONDS", 60)  # the next try waits: the test brings it forward
    before = len(scores_for(platform, "kevin-dufour", WEB))
    passes("kevin-dufour", WEB)
    outage(platform_server.url, status=503, count=2)
    first = drain()  # the first try meets the outage: put back for later, not lost
    row = outbox_row(db, "kevin-dufour", WEB)
    assert first.statuses.get(PENDING) and row.status == PENDING and row.tries == 1
    assert row.last_error_kind == "retry" and row.next_attempt_at is not None
    for _ in range(20):
        db.execute(update(GradeOutbox).values(next_attempt_at=utcnow()))
        db.commit()
        drain()
        if outbox_row(db, "kevin-dufour", WEB).status == SENT:
            break
    assert outbox_row(db, "kevin-dufour", WEB).status == SENT
    assert len(scores_for(platform, "kevin-dufour", WEB)) == before + 1


def test_a_worker_killed_between_sending_and_recording_makes_no_duplicate(app, passes, drain, platform, db) -> None:
    """The send reached the LMS, the record never happened; the next worker resends, Moodle's 409 says held."""
    before = len(scores_for(platform, "yasmine-benali", WEB))
    passes("yasmine-benali", WEB)
    drain()  # the column exists now; make a second result to send
    new_result(db, "yasmine-benali", WEB)
    [claimed] = claimed_by(app, "crashed")
    with app.app_context():
        sessions = app.extensions["db"]
        with sessions() as s:
            result = _read(s, claimed, "crashed")
            link = s.scalars(select(ResourceLink)).first()
            registration = s.get(Platform, link.registration_id)
        assert result is not None
        urls = [url for url in result.held]
        outcomes = _send(AgsClient(sessions, registration), urls, result)  # then the process dies
    assert {outcome.kind for outcome in outcomes.values()} == {"delivered"}
    db.execute(update(GradeOutbox).values(lease_until=utcnow() - timedelta(seconds=1)))  # its leases run out
    db.execute(update(GradeWorkerLease).values(until=utcnow() - timedelta(seconds=1)))
    db.commit()
    done = drain("worker-2")
    assert done.statuses == {SENT: 1}
    assert len(scores_for(platform, "yasmine-benali", WEB)) == before + 2  # the first result, then the second once
    assert outbox_row(db, "yasmine-benali", WEB).status == SENT


def test_a_result_queued_while_its_row_is_sent_is_not_marked_delivered_by_that_send(app, passes, drain, platform, db) -> None:
    """The newer result arrives while the LMS call is in flight: that send records nothing as sent."""
    before = len(scores_for(platform, "dylan-carpentier", WEB))
    passes("dylan-carpentier", WEB)

    def newer_result_arrives() -> None:
        new_result(db, "dylan-carpentier", WEB)

    taken = claimed_by(app, "worker-1")
    with app.app_context():
        sessions = app.extensions["db"]
        settings = Settings(retry_base=timedelta(seconds=1), column_label=lambda slug: "Le développement web")
        web = outbox_row(db, "dylan-carpentier", WEB).id
        taken = sorted(taken, key=lambda row: row.id != web)  # this module's row first: the newer result is its own
        client = DuringTheSend(AgsClient(sessions, _registration(sessions, _registration_id(db))), newer_result_arrives)
        statuses = {row.id: deliver(sessions, lambda _rid: client, "worker-1", row, settings, utcnow) for row in taken}
    row = outbox_row(db, "dylan-carpentier", WEB)
    assert statuses[web] == PENDING and row.status == PENDING and row.version == 2 and row.lease_owner is None
    drain()
    assert outbox_row(db, "dylan-carpentier", WEB).status == SENT
    received = scores_for(platform, "dylan-carpentier", WEB)[before:]
    assert len(received) == 2 and received[0].timestamp < received[1].timestamp
    assert received[1].score_given == received[0].score_given - 1


class DuringTheSend:
    """The real client, with something happening in the tool while its first score is on its way."""

    def __init__(self, client: AgsClient, meanwhile) -> None:
        self.client, self.meanwhile = client, meanwhile

    def post_score(self, url: str, score):
        if self.meanwhile is not None:
            self.meanwhile, happen = None, self.meanwhile
            happen()
        return self.client.post_score(url, score)

    def __getattr__(self, name: str):
        return getattr(self.client, name)


def test_ten_scores_reuse_one_token(passes, drain, platform, db) -> None:
    passes("amandine-lefort", WEB)
    drain()
    tokens = len(platform.issued_tokens)
    for _ in range(10):
        new_result(db, "amandine-lefort", WEB, less=0.1)
        assert drain().statuses == {SENT: 1}
    assert len(platform.issued_tokens) - tokens <= 1  # the column is known: only the score scope's token, once


def test_a_learner_the_platform_cannot_grade_is_shown_as_such(passes, drain, platform, visit, db, app) -> None:
    passes("rachid-ouali", WEB)
    db.execute(update(User).where(User.sub == "rachid-ouali").values(sub="inconnue-de-la-plateforme"))
    db.commit()
    drain()
    row = outbox_row(db, "inconnue-de-la-plateforme", WEB)
    assert row.status == NOT_GRADABLE and row.last_error_kind == "not_gradable"
    db.execute(update(User).where(User.sub == "inconnue-de-la-plateforme").values(sub="rachid-ouali"))
    db.commit()
    tutor = visit("nadia-haddad")
    page = tutor.get(f"/tutor/learners/{row.membership_id}")
    assert "La plateforme refuse une note pour cette personne" in page.text


def _registration_id(db) -> int:
    return db.scalars(select(ResourceLink.registration_id)).first()


def _registration(sessions, registration_id: int) -> Platform:
    with sessions() as s:
        found = s.get(Platform, registration_id)
    assert found is not None
    return found
