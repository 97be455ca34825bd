"""Issue 14, point 6: attendance at on-site sessions as a CSV French Excel opens right: one row per learner
asked about, by session date, with who recorded it and when (Paris time)."""
from __future__ import annotations

from datetime import UTC, date, datetime

from .records import ATTENDANCE, course, exports_recorded, member, session, table


def test_one_row_per_attendance_in_date_order_with_who_recorded_it(visit, make, db) -> None:
    tutor = visit("nadia-haddad")
    roubaix, nadia = course(db), member(db, "nadia-haddad")
    ada, eve = make.member(roubaix, "Ada Martin"), make.member(roubaix, "@Eve Leroy")
    session(db, roubaix, date(2026, 11, 16), "Atelier CV", {ada: "absent", eve: "excused"}, by=nadia,
            at=datetime(2026, 11, 16, 16, 45, tzinfo=UTC))
    session(db, roubaix, date(2026, 11, 9), "+Accueil", {ada: "present"}, by=None,
            at=datetime(2026, 7, 1, 22, 5, tzinfo=UTC))
    db.commit()

    answer = tutor.get(ATTENDANCE)
    rows = table(answer)
    assert answer.content.decode("utf-8-sig").split("\r\n", 1)[0] == (
        "Date;Séance;Apprenant;Cours;Présence;Noté par;Noté le")
    assert [list(row.values()) for row in rows] == [
        ["09/11/2026", "'+Accueil", "Ada Martin", roubaix.title, "Présence", "", "02/07/2026 00:05"],
        ["16/11/2026", "Atelier CV", "'@Eve Leroy", roubaix.title, "Absence excusée", "Nadia Haddad",
         "16/11/2026 17:45"],
        ["16/11/2026", "Atelier CV", "Ada Martin", roubaix.title, "Absence", "Nadia Haddad", "16/11/2026 17:45"],
    ]  # fmt: skip
    assert exports_recorded(db) == [(nadia.id, "presences:cours", roubaix.id)]
