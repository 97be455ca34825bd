"""Issue 14, point 6: the reviews (bilans) and their follow-ups as a CSV French Excel opens right: one row per
learner with a review, its words as the pages say them, the 3- and 6-month follow-ups on the same row, learners
who have left the course included."""
from __future__ import annotations

from datetime import UTC, date, datetime

from devplatform.seed import LILLE
from lms_service.db import utcnow

from .records import ATTEMPTS, ATTENDANCE, REVIEWS, attempt, course, exports_recorded, member, review, session, table

GRID = "/tutor/export.csv?vue=tous"  # the list's own file, every learner of the course


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
        "Apprenant;Cours;Départ du cours;Entrée;Bilan le;Issue;Raison de l'abandon;Formation;Organisme;Financement;Aménagements;"
        "Suivi prévu le;Suivi à 3 mois;Suivi à 3 mois, le;Suivi à 6 mois;Suivi à 6 mois, le")
    assert set(rows) == {"Ada Martin", "'-Bob Durand"}  # nobody without a review
    assert rows["Ada Martin"] == {
        "Apprenant": "Ada Martin", "Cours": roubaix.title, "Départ du cours": "", "Entrée": "07/09/2026", "Bilan le": "09/10/2026",
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


def test_learners_who_left_the_course_keep_their_review_and_say_when_they_left(visit, make, db) -> None:
    """The roster marks many as gone right after the nursery; their follow-ups come months later, so the file
    keeps them. The attempts and attendance leave them out, as the list and its file do."""
    nadia = visit("nadia-haddad")
    claire = visit("claire-vasseur", LILLE)
    roubaix, lille = course(db), course(db, LILLE)
    ada = make.member(roubaix, "Ada Présente")
    lea = make.member(roubaix, "Léa Partie", left_at=datetime(2026, 12, 4, 23, 30, tzinfo=UTC))  # 5/12 in Paris
    zoe = make.member(roubaix, "Zoé Partie Sans Bilan", left_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    lou = make.member(lille, "Lou de Lille", left_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))  # Nadia: not her course
    for learner in (ada, lea, lou):
        review(db, learner, follow_ups={3: ("in_training", date(2027, 3, 8))})
    for learner in (ada, lea, zoe):
        attempt(db, learner, submitted=utcnow(), passed=True)
    session(db, roubaix, date(2026, 11, 9), "Atelier CV", {ada: "present", lea: "present", zoe: "absent"})
    db.commit()

    rows = {row["Apprenant"]: row for row in table(nadia.get(REVIEWS))}
    assert set(rows) == {"Ada Présente", "Léa Partie"}
    assert rows["Léa Partie"]["Départ du cours"] == "a quitté le cours le 05/12/2026"
    assert rows["Léa Partie"]["Suivi à 3 mois"] == "En formation" and rows["Ada Présente"]["Départ du cours"] == ""
    assert {row["Apprenant"] for row in table(nadia.get(f"{REVIEWS}?cours=tous"))} == {"Ada Présente", "Léa Partie"}
    everyone = {row["Apprenant"]: row for row in table(claire.get(f"{REVIEWS}?cours=tous"))}
    assert set(everyone) == {"Ada Présente", "Léa Partie", "Lou de Lille"}
    assert everyone["Lou de Lille"]["Départ du cours"] == "a quitté le cours le 01/12/2026"
    # The other files, like the list's, hold those still in the course.
    assert {row["Apprenant"] for row in table(nadia.get(GRID))} == {"Ada Présente"}
    for path in (ATTEMPTS, ATTENDANCE):
        assert {row["Apprenant"] for row in table(nadia.get(path))} == {"Ada Présente"}, path
