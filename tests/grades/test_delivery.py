"""A passed quiz reaches the LMS gradebook once, through outages, crashes and results that change mid-send.

The dev platform lives for the whole session and keeps what it received, as an LMS would, while the
tool's tables are emptied between tests: each test has its own learner, so that one test's score
(and its timestamp, compared in whole seconds) is never another's.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from lms_service.db import utcnow
from lms_service.grades.claims import claim
from lms_service.grades.delivery import Settings, _read, _send, deliver
from lms_service.models import Attempt, GradeOutbox, GradeWorkerLease, Membership, ResourceLink, User
from lms_service.models.grades import NOT_GRADABLE, PENDING, SENT
from lti.models import Platform
from lti.services import AgsClient

from .conftest import outage, scores_for

WEB = "developpement-web"


def _row(db, person: str, slug: str = WEB) -> GradeOutbox:
    db.expire_all()
    return db.scalars(
        select(GradeOutbox).join(Membership, GradeOutbox.membership_id == Membership.id)
        .join(User, Membership.user_id == User.id).where(User.sub == person, GradeOutbox.module_slug == slug)
    ).one()  # fmt: skip


def test_a_passed_quiz_puts_its_score_progress_and_user_in_the_platform_gradebook(passes, drain, platform, db) -> None:
    before = len(scores_for(platform, "ines-belkacem", WEB))
    passes("ines-belkacem", WEB)
    assert _row(db, "ines-belkacem").status == PENDING
    done = drain()
    assert done.statuses.get(SENT, 0) >= 1
    received = scores_for(platform, "ines-belkacem", WEB)[before:]
    attempt = db.scalars(select(Attempt).where(Attempt.module_slug == WEB)).one()
    assert len(received) == 1
    score = received[0]
    assert (score.score_given, score.score_maximum) == (attempt.score_given, attempt.score_maximum)
    assert (score.activity_progress, score.grading_progress) == ("Completed", "FullyGraded")
    row = _row(db, "ines-belkacem")
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
    row = _row(db, "kevin-dufour")
    assert first.statuses.get(PENDING) and row.status == PENDING and row.tries == 1
    assert row.last_error_kind == "retry" and row.next_attempt_at is not None
    for _ in range(20):
        db.execute(update(GradeOutbox).values(next_attempt_at=utcnow()))
        db.commit()
        drain()
        if _row(db, "kevin-dufour").status == SENT:
            break
    assert _row(db, "kevin-dufour").status == SENT
    assert len(scores_for(platform, "kevin-dufour", WEB)) == before + 1


def test_a_worker_killed_between_sending_and_recording_makes_no_duplicate(app, passes, drain, platform, db) -> None:
    """The send reached the LMS, the record never happened; the next worker resends, Moodle's 409 says held."""
    before = len(scores_for(platform, "yasmine-benali", WEB))
    passes("yasmine-benali", WEB)
    drain()  # the column exists now; make a second result to send
    db.execute(update(Attempt).values(score_given=Attempt.score_given - 1))
    _requeue(db, "yasmine-benali")
    with app.app_context():
        sessions = app.extensions["db"]
        with sessions() as s, s.begin():
            [claimed] = claim(s, "crashed", now=utcnow(), lease=timedelta(seconds=1), limit=10)
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
    assert _row(db, "yasmine-benali").status == SENT


def test_a_result_queued_while_its_row_is_sent_is_not_marked_delivered_by_that_send(app, passes, drain, platform, db) -> None:
    """The newer result arrives while the LMS call is in flight: that send records nothing as sent."""
    before = len(scores_for(platform, "dylan-carpentier", WEB))
    passes("dylan-carpentier", WEB)

    def newer_result_arrives() -> None:
        db.execute(update(Attempt).values(score_given=Attempt.score_given - 1))
        _requeue(db, "dylan-carpentier")

    with app.app_context():
        sessions = app.extensions["db"]
        with sessions() as s, s.begin():
            taken = claim(s, "worker-1", now=utcnow(), lease=timedelta(minutes=1), limit=10)
        settings = Settings(retry_base=timedelta(seconds=1), column_label=lambda slug: "Le développement web")
        web = _row(db, "dylan-carpentier").id
        taken = sorted(taken, key=lambda row: row.id != web)  # this module's row first: the newer result is its own
        client = DuringTheSend(AgsClient(sessions, _registration(sessions, _registration_id(db))), newer_result_arrives)
        statuses = {row.id: deliver(sessions, lambda _rid: client, "worker-1", row, settings, utcnow) for row in taken}
    row = _row(db, "dylan-carpentier")
    assert statuses[web] == PENDING and row.status == PENDING and row.version == 2 and row.lease_owner is None
    drain()
    assert _row(db, "dylan-carpentier").status == SENT
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
        db.execute(update(Attempt).values(score_given=Attempt.score_given - 0.1))
        _requeue(db, "amandine-lefort")
        assert drain().statuses == {SENT: 1}
    assert len(platform.issued_tokens) - tokens <= 1  # the column is known: only the score scope's token, once


def test_a_learner_the_platform_cannot_grade_is_shown_as_such(passes, drain, platform, visit, db, app) -> None:
    passes("rachid-ouali", WEB)
    db.execute(update(User).where(User.sub == "rachid-ouali").values(sub="inconnue-de-la-plateforme"))
    db.commit()
    drain()
    row = _row(db, "inconnue-de-la-plateforme")
    assert row.status == NOT_GRADABLE and row.last_error_kind == "not_gradable"
    db.execute(update(User).where(User.sub == "inconnue-de-la-plateforme").values(sub="rachid-ouali"))
    db.commit()
    tutor = visit("nadia-haddad")
    page = tutor.get(f"/tutor/learners/{row.membership_id}")
    assert "La plateforme refuse une note pour cette personne" in page.text


def _requeue(db, person: str) -> None:
    """Record the learner's attempt again, as a new submission would (a changed result)."""
    from lms_service.grades.outbox import record_result

    attempt = db.scalars(select(Attempt).join(Membership).join(User).where(User.sub == person)).one()
    record_result(db, attempt, finished=True, now=utcnow())
    db.commit()


def _registration_id(db) -> int:
    return db.scalars(select(ResourceLink.registration_id)).first()


def _registration(sessions, registration_id: int) -> Platform:
    with sessions() as s:
        found = s.get(Platform, registration_id)
    assert found is not None
    return found
