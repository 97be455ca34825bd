"""Issue 14, point 6: the reviews (bilans) and their follow-ups as a CSV French Excel opens right: one row per
learner with a review, its words as the pages say them, the 3- and 6-month follow-ups on the same row."""
from __future__ import annotations

from datetime import date

from .records import REVIEWS, course, exports_recorded, member, review, table


def test_one_row_per_reviewed_learner_with_both_follow_ups(visit, make, db) -> None:
    admin = visit("claire-vasseur")
    roubaix = course(db)
    ada = make.member(roubaix, "Ada Martin", entry_date=date(2026, 9, 7))
    bob = make.member(roubaix, "-Bob Durand", entry_date=date(2026, 10, 5))  # a name Excel would read as a formula
    make.member(roubaix, "Chloé Sans Bilan")
    review(db, ada, held_on=date(2026, 10, 9), outcome="training", training="Développeur web", organisation="Afpa",
           financing="prf", adjustments=True, follow_up_on=date(2027, 1, 9),
           follow_ups={3: ("in_training", date(2027, 1, 11)), 6: ("in_job", date(2027, 4, 12))})
    review(db, bob, held_on=date(2026, 11, 6), outcome="dropped_out", dropout_reason="=garde d'enfant",
           adjustments=False, follow_ups={3: ("no_news", date(2027, 2, 8))})
    db.commit()

    answer = admin.get(REVIEWS)
    rows = {row["Apprenant"]: row for row in table(answer)}
    assert answer.content.decode("utf-8-sig").split("\r\n", 1)[0] == (
        "Apprenant;Cours;Entrée;Bilan le;Issue;Raison de l'abandon;Formation;Organisme;Financement;Aménagements;"
        "Suivi prévu le;Suivi à 3 mois;Suivi à 3 mois, le;Suivi à 6 mois;Suivi à 6 mois, le")
    assert set(rows) == {"Ada Martin", "'-Bob Durand"}  # nobody without a review
    assert rows["Ada Martin"] == {
        "Apprenant": "Ada Martin", "Cours": roubaix.title, "Entrée": "07/09/2026", "Bilan le": "09/10/2026",
        "Issue": "Entrée en formation", "Raison de l'abandon": "", "Formation": "Développeur web",
        "Organisme": "Afpa", "Financement": "PRF — Programme régional de formation (Région)", "Aménagements": "oui",
        "Suivi prévu le": "09/01/2027", "Suivi à 3 mois": "En formation", "Suivi à 3 mois, le": "11/01/2027",
        "Suivi à 6 mois": "En emploi", "Suivi à 6 mois, le": "12/04/2027"}  # fmt: skip
    bob_row = rows["'-Bob Durand"]
    assert bob_row["Issue"] == "Abandon" and bob_row["Raison de l'abandon"] == "'=garde d'enfant"
    assert bob_row["Aménagements"] == "non" and bob_row["Financement"] == "" and bob_row["Suivi prévu le"] == ""
    assert (bob_row["Suivi à 3 mois"], bob_row["Suivi à 6 mois"]) == ("Sans nouvelles", "")
    assert exports_recorded(db) == [(member(db, "claire-vasseur").id, "bilans:cours", roubaix.id)]


def test_adjustments_never_said_stay_empty(visit, make, db) -> None:
    tutor = visit("nadia-haddad")
    review(db, make.member(course(db), "Dina Roux"), outcome="job")
    db.commit()
    (row,) = table(tutor.get(REVIEWS))
    assert row["Aménagements"] == "" and row["Issue"] == "Emploi" and row["Suivi à 3 mois"] == ""
