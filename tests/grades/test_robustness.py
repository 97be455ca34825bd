"""What must not break delivery: a lease that ran out, a worker's own error, a column recreated under several
learners, a registration removed from the tool."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.grades.claims import claim, renew
from lms_service.grades.delivery import Settings
from lms_service.grades.worker import _deliver_one
from lms_service.models import GradeColumn, ResourceLink
from lms_service.models.grades import FAILED, PENDING, SENT

from .outbox_rows import claimed_by, due_now, new_result, outbox_row


def test_a_worker_whose_lease_ran_out_may_not_send_the_row(app, passes, db) -> None:
    passes("ines-belkacem", "support-informatique")
    taken = claimed_by(app, "slow")
    with app.app_context():
        sessions = app.extensions["db"]
        later = utcnow() + timedelta(minutes=3)  # the LMS was slow: the lease ran out, another worker took the rows
        with sessions() as s, s.begin():
            assert claim(s, "quick", now=later, lease=timedelta(minutes=2), limit=10)
        with sessions() as s, s.begin():
            assert not any(renew(s, "slow", row.id, now=later, lease=timedelta(minutes=2)) for row in taken)
            assert all(renew(s, "quick", row.id, now=later, lease=timedelta(minutes=2)) for row in taken)


def test_an_error_in_the_worker_puts_the_row_off_and_counts_a_try(app, passes, db) -> None:
    passes("kevin-dufour", "support-informatique")
    taken = claimed_by(app, "worker-1")
    with app.app_context():
        sessions = app.extensions["db"]

        def broken(_registration_id: int):
            raise RuntimeError("la base ne répond plus")

        settings = Settings(retry_base=timedelta(seconds=30), column_label=lambda slug: None)
        assert {_deliver_one(sessions, broken, "worker-1", row, settings) for row in taken} == {"error"}
    row = outbox_row(db, "kevin-dufour", "support-informatique")
    assert (row.status, row.tries, row.lease_owner, row.last_error_kind) == (PENDING, 1, None, "error")
    assert row.next_attempt_at is not None and "RuntimeError" in row.last_error and "base" not in row.last_error


def test_a_column_recreated_for_one_learner_is_not_taken_for_a_teacher_s_by_the_next(passes, drain, platform, db) -> None:
    slug = "relation-client-digitale"
    for person in ("yasmine-benali", "dylan-carpentier"):
        passes(person, slug)
    drain()
    [first] = [item for item in platform.line_items.values() if item.resource_id == slug and item.context_id == ROUBAIX]
    platform.gradebook.delete(first.id)
    new_result(db, "yasmine-benali", slug)
    for _ in range(4):
        due_now(db)
        drain()
    assert outbox_row(db, "yasmine-benali", slug).status == SENT
    new_result(db, "dylan-carpentier", slug)  # delivered to the deleted column before: it is missing for Dylan too
    drain()
    assert outbox_row(db, "dylan-carpentier", slug).status == SENT
    [claimed] = db.scalars(select(GradeColumn).where(GradeColumn.resource_id == slug)).all()
    assert claimed.removed_at is None and claimed.lineitem_url  # still the tool's own column
    [again] = [item for item in platform.line_items.values() if item.resource_id == slug and item.context_id == ROUBAIX]
    assert {s.user_id for s in platform.scores if s.line_item_id == again.id} == {"yasmine-benali", "dylan-carpentier"}


def test_a_registration_removed_from_the_tool_is_said_so_not_taken_for_a_missing_column(passes, drain, visit, db) -> None:
    passes("amandine-lefort", "support-informatique")
    db.execute(update(ResourceLink).values(registration_id=None))  # what removing the registration does to links
    db.commit()
    drain()
    row = outbox_row(db, "amandine-lefort", "support-informatique")
    assert (row.status, row.last_error_kind) == (FAILED, "registration")
    page = visit("nadia-haddad").get(f"/tutor/learners/{row.membership_id}")
    assert "plus enregistré dans cette plateforme" in page.text
