"""Issue 14, point 6: the files stream with constant memory (« CSV export streams with constant memory »,
DESIGN.md), in a number of statements that does not grow with the course, and each download is on record
(committed) before its first byte, although the response streams.

Memory is measured in this process (tracemalloc sees every thread): the same download of N rows, then of 5N
rows, must peak at about the same height; a file read whole before it is written peaks five times higher.
"""
from __future__ import annotations

import itertools
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event, insert

from lms_service.db import get_engine, utcnow
from lms_service.models import Attempt, Attendance, Membership, NurseryReview, OnsiteSession, ReviewFollowUp, User

from .records import ATTEMPTS, ATTENDANCE, FILES, REVIEWS, WEB, course, exports_recorded, member, table

N = 1000
LEARNERS = 40  # attempts and attendance: N rows over this many learners
_serial = itertools.count(1)


def _learners(db, place, count: int) -> list[int]:
    """`count` learners of `place`, inserted in two statements."""
    stamp = next(_serial)
    users = db.scalars(insert(User).returning(User.id), [
        {"lms_id": place.lms_id, "sub": f"bulk-{stamp}-{n}", "name": f"Apprenant {stamp}-{n:05}"}
        for n in range(count)]).all()  # fmt: skip
    return db.scalars(insert(Membership).returning(Membership.id), [
        {"context_id": place.id, "user_id": user, "entry_date": date(2026, 9, 7), "name_key": f"apprenant {user}"}
        for user in users]).all()  # fmt: skip


def _attempts(db, place, count: int) -> None:
    learners, start = _learners(db, place, LEARNERS), utcnow()
    db.execute(insert(Attempt), [
        {"membership_id": learners[n % LEARNERS], "module_slug": WEB, "module_version": "v1",
         "number": n // LEARNERS + 1, "question_ids": [], "started_at": start, "submitted_at": start + timedelta(
             minutes=3), "score_given": 7.5, "score_maximum": 10.0, "passed": True} for n in range(count)])  # fmt: skip


def _attendance(db, place, count: int) -> None:
    learners, stamp = _learners(db, place, LEARNERS), next(_serial)
    sessions = db.scalars(insert(OnsiteSession).returning(OnsiteSession.id), [
        {"context_id": place.id, "held_on": date(2026, 11, 9), "label": f"Séance {stamp}-{n}"}  # one per day and label
        for n in range(count // LEARNERS)]).all()  # fmt: skip
    db.execute(insert(Attendance), [{"session_id": s, "membership_id": m, "status": "present", "set_at": utcnow()}
                                    for s in sessions for m in learners])  # fmt: skip


def _reviews(db, place, count: int) -> None:
    learners = _learners(db, place, count)
    db.execute(insert(NurseryReview), [{"membership_id": m, "held_on": date(2026, 10, 9), "outcome": "training",
                                        "training": "Développeur web", "financing": "cpf"} for m in learners])  # fmt: skip
    db.execute(insert(ReviewFollowUp), [{"membership_id": m, "months": months, "state": "in_job",
                                         "noted_on": date(2027, 1, 11)} for m in learners for months in (3, 6)])  # fmt: skip


MAKERS = {ATTEMPTS: _attempts, ATTENDANCE: _attendance, REVIEWS: _reviews}
TABLES = {ATTEMPTS: "attempt", ATTENDANCE: "attendance", REVIEWS: "nursery_review"}


@contextmanager
def _cursors(app) -> Iterator[list[tuple[str, bool]]]:
    """Each statement the tool sends, and whether it reads through a server-side cursor (PostgreSQL's stream)."""
    found: list[tuple[str, bool]] = []

    def seen(_conn, cursor, text, *_rest) -> None:
        found.append((text, type(cursor).__name__ == "ServerCursor"))  # psycopg's named cursor

    with app.app_context():
        engine = get_engine()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def _peak(app, path: str, token: str) -> tuple[int, int]:
    """Download the file in this process, chunk by chunk as a server hands it out: (its size, the memory peak)."""

    def download() -> int:
        response = app.test_client().get(f"{path}?lt={token}")
        assert response.status_code == 200 and response.is_streamed
        try:
            return sum(len(chunk) for chunk in response.response)
        finally:
            response.close()

    def measured() -> tuple[int, int]:
        tracemalloc.start()
        try:
            size = outside.submit(download).result()
            return size, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    with ThreadPoolExecutor(1) as outside:  # outside the fixture's app context, as a real request
        outside.submit(download).result()  # warm: translations, templates, compiled statements
        # The lower of two peaks: tracemalloc counts whatever the process allocates meanwhile, and after a long
        # run one download in a few peaked some 400 KB higher (1.26 then 1.70 MB) with nothing of it in the file.
        return min(measured(), measured(), key=lambda found: found[1])


@pytest.mark.parametrize("path", FILES)
def test_memory_stays_flat_from_n_to_5n_rows(app, make, db, path: str) -> None:
    place = make.course("Grande nurserie")
    token = make.token(make.member(place, "Tutrice", tutor=True))
    MAKERS[path](db, place, N)
    db.commit()
    size, peak = _peak(app, path, token)
    MAKERS[path](db, place, 4 * N)
    db.commit()
    large_size, large_peak = _peak(app, path, token)
    assert large_size > 4.5 * size
    assert large_peak < 1.2 * peak, f"{path}: {peak} bytes at the peak for {N} rows, {large_peak} for {5 * N}"


@pytest.mark.parametrize("path", FILES)
def test_the_number_of_statements_does_not_grow_with_the_file(app, visit, make, db, sql, path: str) -> None:
    tutor = visit("claire-vasseur")
    place = course(db)

    def statements() -> tuple[int, int]:
        with sql() as seen, _cursors(app) as cursors:
            answer = tutor.get(path)
            rows = len(table(answer))
        inserts = [s for s in seen.writes() if "audit_event" in s]
        assert len(inserts) == 1, seen.writes()  # one download, one row on record
        (server_side,) = [found for text, found in cursors if f"FROM {TABLES[path]}" in text]  # one statement
        assert server_side == (db.get_bind().dialect.name == "postgresql")  # SQLite's own cursor steps lazily
        return len([s for s in seen.statements if s.lstrip().upper().startswith("SELECT")]), rows

    MAKERS[path](db, place, LEARNERS)
    db.commit()
    few, rows = statements()
    MAKERS[path](db, place, 3 * LEARNERS)
    db.commit()
    many, more_rows = statements()
    assert many == few and (rows, more_rows) == (LEARNERS, 4 * LEARNERS)


def test_the_download_is_on_record_before_its_first_byte(visit, db) -> None:
    """The request's commit comes before the stream: the row is there while the file is still being read."""
    tutor = visit("nadia-haddad")
    _attempts(db, course(db), 4000)
    db.commit()
    response = tutor.browser.http.get(f"{tutor.base}{ATTEMPTS}?lt={tutor.token}", stream=True, timeout=10)
    try:
        assert response.status_code == 200
        assert next(response.iter_content(64)).startswith("\ufeffApprenant;".encode())
        assert exports_recorded(db) == [(member(db, "nadia-haddad").id, "essais:cours", course(db).id)]
    finally:
        response.close()  # abandoned half way: the stream's session ends with it
    assert len(table(tutor.get(ATTEMPTS))) == 4000
    assert len(exports_recorded(db)) == 2
    head = tutor.browser.http.head(f"{tutor.base}{ATTEMPTS}?lt={tutor.token}", timeout=10)
    assert head.status_code == 200 and len(exports_recorded(db)) == 2  # no file taken, nothing on record
