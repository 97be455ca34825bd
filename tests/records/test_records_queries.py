"""The notes page and the review page read a bounded number of statements, however many notes, corrections and
follow-up changes a learner has (DESIGN.md: no N+1 on the référents' pages)."""
from __future__ import annotations

from sqlalchemy import select

from lms_service.models import TutorNote

from .conftest import days_ago


def _statements(sql, client, path: str) -> int:
    with sql() as seen:
        assert client.get(path).status_code == 200
    return len(seen.statements)


def test_the_notes_page_costs_the_same_with_one_note_or_twelve_corrected_ones(cast, sql, db) -> None:
    nadia, thomas = cast.client(cast.nadia), cast.client(cast.thomas)
    notes = f"/tutor/learners/{cast.ines.id}/notes"
    nadia.post(notes, {"written_on": days_ago(1), "body": "Une seule."})
    few = _statements(sql, nadia, notes)
    for n in range(11):
        nadia.post(notes, {"written_on": days_ago(n), "body": f"Note {n}"})
    for note_id in db.scalars(select(TutorNote.id)):  # every note corrected twice, by two people
        for k, client in enumerate((thomas, nadia)):
            assert client.post(f"{notes}/{note_id}", {"written_on": days_ago(1), "body": f"Correction {k}"}).status_code == 303
    assert _statements(sql, nadia, notes) == few


def test_the_review_page_costs_the_same_however_often_it_changed(cast, sql) -> None:
    nadia, thomas = cast.client(cast.nadia), cast.client(cast.thomas)
    review = f"/tutor/learners/{cast.ines.id}/bilan"
    nadia.post(review, {"held_on": days_ago(3), "outcome": "job"})
    for months in (3, 6):
        nadia.post(f"/tutor/learners/{cast.ines.id}/suivi/{months}", {"state": "in_job", "noted_on": days_ago(0)})
    few = _statements(sql, nadia, review)
    for n, outcome in enumerate(("training", "project", "reorientation", "job") * 3):
        (thomas if n % 2 else nadia).post(review, {"held_on": days_ago(3), "outcome": outcome})
        for months in (3, 6):
            (nadia if n % 2 else thomas).post(f"/tutor/learners/{cast.ines.id}/suivi/{months}",
                                              {"state": ("searching", "in_job")[n % 2], "noted_on": days_ago(0)})
    assert _statements(sql, nadia, review) == few
