"""Two référents recording at the same instant: the same learner on one session, or the same new session (one
day, one label) from two sheets. No error, one row each time.

Both requests are real HTTP requests to the threaded test server, released together
by a barrier, many rounds over, each round racing two first writes: the attendance
row is taken away between rounds, and each round's sheets name a session of their
own. A plain INSERT after a look fails those races: a unique violation, a 500
(checked: the session test gave [303, 500] in its first round on both SQLite and
PostgreSQL with the look-then-insert code it replaced).
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from lms_service.models.onsite import Attendance, OnsiteSession

from ..together import together
from .conftest import paris_today

ROUNDS = 25  # rounds of each race: one round may well not overlap, 25 nearly always do


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
        answers = together(2, lambda i: desks[i].post(path, {f"presence-{ines.id}": says[i][0],
                                                           f"presence-{kevin.id}": says[i][0],
                                                           f"presence-{elodie.id}": says[i][0]}))  # fmt: skip
        assert [getattr(a, "status_code", a) for a in answers] == [303, 303]
        db.expire_all()
        rows = db.execute(select(Attendance.membership_id, Attendance.status, Attendance.set_by_id)
                          .where(Attendance.session_id == session.id)).all()  # fmt: skip
        assert sorted(row.membership_id for row in rows) == sorted(m.id for m in course.learners)  # one row each
        assert len({(row.status, row.set_by_id) for row in rows}) == 1  # one recording won whole, the later one
        assert (rows[0].status, rows[0].set_by_id) in says


def test_two_referents_sending_the_same_new_sheet_at_once_fill_one_session(course, desk, db, make) -> None:
    """The same day and label sent by two référents at the same instant (or a double tap): one session holding
    both sheets' marks, each attributed, and both answered with it; never a duplicate-key error (a 500)."""
    ines, kevin, elodie = course.learners
    julien = make.member(course.course, "Julien Lemaire", tutor=True)
    db.commit()
    desks = [desk(course.tutor), desk(julien)]
    day = (paris_today() - timedelta(days=1)).isoformat()
    sheets = [{f"presence-{ines.id}": "present", f"presence-{elodie.id}": "present"},
              {f"presence-{kevin.id}": "absent", f"presence-{elodie.id}": "excused"}]  # fmt: skip

    for round_ in range(ROUNDS):
        label = f"Atelier {round_}"
        forms = [{"held_on": day, "label": label, **sheet} for sheet in sheets]
        answers = together(2, lambda i, forms=forms: desks[i].post("/tutor/presences/nouvelle", forms[i]))
        assert [getattr(a, "status_code", a) for a in answers] == [303, 303], round_
        db.expire_all()
        made = db.scalars(select(OnsiteSession.id).where(OnsiteSession.label == label)).all()
        assert len(made) == 1, round_
        assert all(f"/tutor/presences/{made[0]}?" in a.headers["Location"] for a in answers)  # type: ignore[union-attr]
        rows = {row.membership_id: (row.status, row.set_by_id) for row in db.execute(
            select(Attendance.membership_id, Attendance.status, Attendance.set_by_id)
            .where(Attendance.session_id == made[0]))}  # fmt: skip
        assert rows[ines.id] == ("present", course.tutor.id) and rows[kevin.id] == ("absent", julien.id)
        assert rows[elodie.id] in (("present", course.tutor.id), ("excused", julien.id))  # the later sheet's
        assert len(rows) == 3
