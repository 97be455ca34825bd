"""`flask grades status` says where every result stands and why the stopped ones stopped; `retry` puts them back."""
from __future__ import annotations

from sqlalchemy import select

from lms_service.db import utcnow
from lms_service.models import GradeOutbox, Membership
from lms_service.models.grades import FAILED, NOT_GRADABLE, PENDING


def test_status_lists_the_stopped_results_with_their_last_error_and_retry_puts_them_back(app, visit, db) -> None:
    visit("ines-belkacem")
    membership = db.scalars(select(Membership.id)).one()
    now = utcnow()
    for slug, status, kind, error in (
        ("cybersecurite", FAILED, "refused", "token endpoint: HTTP 401 invalid_client"),
        ("design-numerique", NOT_GRADABLE, "not_gradable", "the LMS does not grade this user"),
        ("marketing-digital", PENDING, None, None),
    ):
        db.add(GradeOutbox(membership_id=membership, module_slug=slug, score_given=1.0, score_maximum=2.0,
                           activity_progress="Completed", grading_progress="FullyGraded", timestamp=now,
                           updated_at=now, version=1, status=status, tries=12 if status == FAILED else 0,
                           last_error_kind=kind, last_error=error))  # fmt: skip
    db.commit()
    runner = app.test_cli_runner()
    status = runner.invoke(args=["grades", "status"])
    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert lines[0] == "pending 1, sent 0, failed 1, not_gradable 1, no_column 0"
    assert any("cybersecurite : failed (refused) token endpoint: HTTP 401 invalid_client" in line for line in lines)
    assert any("design-numerique : not_gradable (not_gradable)" in line for line in lines)

    one = runner.invoke(args=["grades", "retry", str(db.scalars(select(GradeOutbox.id).where(GradeOutbox.status == FAILED)).one())])
    assert one.output.strip() == "1 note(s) remise(s) en attente"
    rest = runner.invoke(args=["grades", "retry"])
    assert rest.output.strip() == "1 note(s) remise(s) en attente"
    db.expire_all()
    assert {(row.status, row.tries) for row in db.scalars(select(GradeOutbox))} == {(PENDING, 0)}
