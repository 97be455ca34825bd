"""Every page showing a learner's notes or review is a read on the audit trail, a form sent back with its errors
(400) too: the app rolls a 400 back, yet its page shows the record. Nothing else of the refused form is kept."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms_service.models import AuditEvent, TutorNote
from lms_service.models.audit import READ_LEARNER

from .conftest import days_ago, stored

GOOD_REVIEW = {"held_on": days_ago(2), "outcome": "job"}
GOOD_NOTE = {"written_on": days_ago(1), "body": "Un échange."}


def _reads(db) -> list[tuple]:
    db.expire_all()
    query = select(AuditEvent).where(AuditEvent.action == READ_LEARNER).order_by(AuditEvent.id)
    return [(e.actor_id, e.subject_id, e.context_id, e.what) for e in db.scalars(query)]


def _note_path(cast, db) -> str:
    """Nadia's note on Inès, written first: its correction's path."""
    assert cast.client(cast.nadia).post(f"/tutor/learners/{cast.ines.id}/notes", GOOD_NOTE).status_code == 303
    return f"/tutor/learners/{cast.ines.id}/notes/{db.scalar(select(TutorNote.id))}"


@pytest.mark.parametrize(("reviewed", "path", "form", "what"), [
    (False, "notes", {"written_on": days_ago(-1), "body": "Demain."}, "notes"),
    (False, "note", {"written_on": days_ago(1), "body": "   "}, "notes"),
    (False, "bilan", {**GOOD_REVIEW, "outcome": "embauche"}, "bilan"),
    (False, "suivi/3", {"state": "in_job", "noted_on": days_ago(0)}, "bilan"),  # before the review
    (True, "suivi/6", {"state": "parti", "noted_on": days_ago(0)}, "bilan"),
], ids=["new-note", "note-correction", "review", "follow-up-before-review", "follow-up"])  # fmt: skip
def test_a_refused_form_s_page_is_one_read_and_saves_nothing_else(cast, db, reviewed, path, form, what) -> None:
    thomas = cast.client(cast.thomas)
    target = _note_path(cast, db) if path == "note" else f"/tutor/learners/{cast.ines.id}/{path}"
    if reviewed:
        assert cast.client(cast.nadia).post(f"/tutor/learners/{cast.ines.id}/bilan", GOOD_REVIEW).status_code == 303
    before = stored(db)
    assert _reads(db) == []  # the writes before wrote no read

    refused = thomas.post(target, form)

    assert refused.status_code == 400 and "Rien n'a été enregistré" in refused.text
    assert _reads(db) == [(cast.thomas.id, cast.ines.id, cast.ines.context_id, what)]
    assert stored(db) == before


@pytest.mark.parametrize(("path", "what"), [("notes", "notes"), ("bilan", "bilan")])
def test_each_page_shown_is_one_read(cast, db, path, what) -> None:
    claire = cast.client(cast.claire)
    for _ in range(2):
        assert claire.get(f"/tutor/learners/{cast.ines.id}/{path}").status_code == 200
    assert _reads(db) == [(cast.claire.id, cast.ines.id, cast.ines.context_id, what)] * 2
