"""Issue 14, point 6: the quiz attempts as a CSV French Excel opens right, one row per submitted attempt, with
the score and the time taken, never an answer; each download on record."""
from __future__ import annotations

from datetime import UTC, datetime

from lms_service.content import get_catalogue
from lms_service.models import Answer

from ..quiz_taking import pass_quiz
from .records import ATTEMPTS, SURVEY, WEB, attempt, course, exports_recorded, member, table


def test_each_submitted_attempt_is_a_row_with_its_score_dates_and_time(visit, make, db) -> None:
    ines = visit("ines-belkacem")
    pass_quiz(ines.browser.http, ines.base, ines.token, get_catalogue().get(WEB))  # for real: scored by the tool
    tutor = visit("nadia-haddad")
    roubaix = course(db)
    forged = make.member(roubaix, "=HYPERLINK(\"http://mal.example\")")
    # 29/03/2026 at 23:50 UTC is 30/03 at 01:50 in Paris (winter time); 12 min 30 s later, summer time began.
    first = attempt(db, forged, 1, started=datetime(2026, 3, 29, 0, 50, tzinfo=UTC),
                    submitted=datetime(2026, 3, 29, 1, 2, 30, tzinfo=UTC), given=7.5, maximum=10, passed=False)
    db.add(Answer(attempt_id=first.id, question_id="q1", value="=SECRET une réponse"))
    attempt(db, forged, 2, started=datetime(2026, 3, 30, 8, 0, tzinfo=UTC), passed=None)  # open: not in the file
    attempt(db, forged, 1, slug=SURVEY, started=datetime(2026, 3, 30, 8, 0, tzinfo=UTC),
            submitted=datetime(2026, 3, 30, 8, 5, tzinfo=UTC))  # a survey's answers are private: not in the file
    db.commit()

    answer = tutor.get(ATTEMPTS)
    rows = table(answer)
    assert answer.content.decode("utf-8-sig").split("\r\n", 1)[0] == (
        "Apprenant;Cours;Module;Essai n°;Commencé le;Rendu le;Points;Sur;Score %;Réussi;Durée (min)")
    assert "SECRET" not in answer.text and len(rows) == 2
    assert rows[0] == {"Apprenant": "'=HYPERLINK(\"http://mal.example\")", "Cours": roubaix.title,
                       "Module": "Le développement web", "Essai n°": "1", "Commencé le": "29/03/2026 01:50",
                       "Rendu le": "29/03/2026 03:02", "Points": "7,5", "Sur": "10", "Score %": "75",
                       "Réussi": "non", "Durée (min)": "12,5"}  # fmt: skip
    real = rows[1]
    assert real["Apprenant"] == "Inès Belkacem" and real["Module"] == "Le développement web"
    assert real["Score %"] == "100" and real["Réussi"] == "oui" and real["Points"] == real["Sur"]
    assert real["Rendu le"].count("/") == 2 and ":" in real["Rendu le"]
    assert exports_recorded(db) == [(member(db, "nadia-haddad").id, "essais:cours", roubaix.id)]
    disposition = answer.headers["Content-Disposition"]
    assert "essais" in disposition and "Roubaix" in disposition


def test_a_course_without_attempts_gives_the_header_alone(visit, db) -> None:
    rows = table(visit("claire-vasseur").get(ATTEMPTS))
    assert rows == []
    assert exports_recorded(db)[0][1] == "essais:cours"
