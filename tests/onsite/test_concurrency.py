"""Two référents recording the same session for the same learner at the same instant: no error, one row.

Both requests are real HTTP requests to the threaded test server, released together
by a barrier, many rounds over; the row is taken away between rounds so that each
round races two first writes (the case a plain INSERT after a look would fail:
on PostgreSQL one of them gets a unique violation, a 500).
"""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import delete, select

from lms_service.models.onsite import Attendance, OnsiteSession

from .conftest import paris_today

ROUNDS = 25


def _together(work, count: int = 2) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_referents_recording_one_learner_at_once_leave_one_row_and_no_error(course, desk, db, make) -> None:
    ines, kevin, elodie = course.learners
    julien = make.member(course.course, "Julien Lemaire", tutor=True)
    session = OnsiteSession(context_id=course.course.id, held_on=paris_today() - timedelta(days=1), label="Atelier")
    db.add(session)
    db.commit()
    desks = [desk(course.tutor), desk(julien)]
    says = [("present", course.tutor.id), ("absent", julien.id)]
    path = f"/tutor/presences/{session.id}"

    for _ in range(ROUNDS):
        db.execute(delete(Attendance))
        db.commit()
        answers = _together(lambda i: desks[i].post(path, {f"presence-{ines.id}": says[i][0],
                                                           f"presence-{kevin.id}": says[i][0],
                                                           f"presence-{elodie.id}": says[i][0]}))  # fmt: skip
        assert [getattr(a, "status_code", a) for a in answers] == [303, 303]
        db.expire_all()
        rows = db.execute(select(Attendance.membership_id, Attendance.status, Attendance.set_by_id)
                          .where(Attendance.session_id == session.id)).all()  # fmt: skip
        assert sorted(row.membership_id for row in rows) == sorted(m.id for m in course.learners)  # one row each
        assert len({(row.status, row.set_by_id) for row in rows}) == 1  # one recording won whole, the later one
        assert (rows[0].status, rows[0].set_by_id) in says
