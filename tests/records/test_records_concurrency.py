"""Two référents saving the same learner's review (or follow-up, or note correction) at the same moment: neither
gets a 500 (the review is one row per learner), and both changes end in the history, the later one on top.

Each round releases two real HTTP requests together (a barrier); on PostgreSQL they truly overlap. Without the
learner taken first, the first round's two inserts collide on the unique key, and later rounds' two updates
both keep the same earlier content, losing one of the changes from the history."""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from lms_service.models import NurseryReview, RecordRevision, ReviewFollowUp, TutorNote
from lms_service.models.records import FOLLOW_UP, NOTE, REVIEW

from .conftest import days_ago

ROUNDS = 6
OUTCOMES = ("training", "project", "job", "reorientation")
STATES = ("in_training", "in_job", "searching", "no_news")


def _together(cast, path: str, forms: tuple[dict[str, str], dict[str, str]]) -> list[int]:
    """Nadia and Thomas send their form at once; the two statuses."""
    clients = [cast.client(cast.nadia), cast.client(cast.thomas)]
    barrier = threading.Barrier(2)

    def send(n: int) -> int:
        barrier.wait()
        return clients[n].post(path, forms[n]).status_code

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(send, (0, 1)))


def _history(db, kind: str, record_id: int, field: str, now: str) -> Counter:
    """Every version's `field`: the revisions' and the record's own now."""
    db.expire_all()
    kept = db.scalars(select(RecordRevision.content).where(RecordRevision.kind == kind,
                                                           RecordRevision.record_id == record_id))  # fmt: skip
    return Counter([content[field] for content in kept] + [now])


def test_two_reviews_saved_at_once_both_end_in_the_history(cast, db) -> None:
    path, sent = f"/tutor/learners/{cast.ines.id}/bilan", Counter()
    for n in range(ROUNDS):
        forms = tuple({"held_on": days_ago(1), "outcome": OUTCOMES[(2 * n + k) % 4], "training": f"tour {n} par {k}"}
                      for k in (0, 1))  # fmt: skip
        assert _together(cast, path, forms) == [303, 303], n
        sent.update(form["training"] for form in forms)
    rows = list(db.scalars(select(NurseryReview).where(NurseryReview.membership_id == cast.ines.id)))
    assert len(rows) == 1
    assert _history(db, REVIEW, rows[0].id, "training", rows[0].training) == sent  # each change once, none lost


def test_two_follow_ups_noted_at_once_both_end_in_the_history(cast, db) -> None:
    assert cast.client(cast.nadia).post(f"/tutor/learners/{cast.ines.id}/bilan",
                                        {"held_on": days_ago(5), "outcome": "job"}).status_code == 303  # fmt: skip
    path, sent = f"/tutor/learners/{cast.ines.id}/suivi/3", Counter()
    for n in range(ROUNDS):
        forms = tuple({"state": STATES[k], "noted_on": days_ago(0), "comment": f"tour {n} par {k}"} for k in (0, 1))
        assert _together(cast, path, forms) == [303, 303], n
        sent.update(form["comment"] for form in forms)
    db.expire_all()
    (row,) = db.scalars(select(ReviewFollowUp).where(ReviewFollowUp.membership_id == cast.ines.id))
    assert _history(db, FOLLOW_UP, row.id, "comment", row.comment) == sent


def test_two_corrections_of_a_note_at_once_both_end_in_the_history(cast, db) -> None:
    notes = f"/tutor/learners/{cast.ines.id}/notes"
    assert cast.client(cast.nadia).post(notes, {"written_on": days_ago(1), "body": "Départ"}).status_code == 303
    (note,) = db.scalars(select(TutorNote).where(TutorNote.membership_id == cast.ines.id))
    sent = Counter(["Départ"])
    for n in range(ROUNDS):
        forms = tuple({"written_on": days_ago(1), "body": f"tour {n} par {k}"} for k in (0, 1))
        assert _together(cast, f"{notes}/{note.id}", forms) == [303, 303], n
        sent.update(form["body"] for form in forms)
    db.expire_all()
    assert _history(db, NOTE, note.id, "body", db.get(TutorNote, note.id).body) == sent
