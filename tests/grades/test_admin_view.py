"""The LMS administrator sees every score that did not reach the gradebook in their LMS, never another LMS's."""
from __future__ import annotations

from lms_service.db import utcnow
from lms_service.models import GradeOutbox
from lms_service.models.grades import NOT_GRADABLE, PENDING, SENT


def _result(membership_id: int, slug: str, status: str, tries: int = 1) -> GradeOutbox:
    now = utcnow()
    return GradeOutbox(membership_id=membership_id, module_slug=slug, score_given=1.0, score_maximum=2.0,
                       activity_progress="Completed", grading_progress="FullyGraded", timestamp=now, updated_at=now,
                       version=1, status=status, tries=tries, last_tried_at=now, last_error_kind=None)  # fmt: skip


def test_the_administrator_sees_stuck_scores_of_their_lms_only(visit, make, db) -> None:
    here = make.course("Nurserie de la même plateforme", lms_id=make.lms_id)
    elsewhere = make.course("Nurserie d'une autre plateforme", lms_id=make.lms())
    db.add_all([
        _result(make.member(here, "Léon Marchal").id, "cybersecurite", NOT_GRADABLE),
        _result(make.member(here, "Odile Fournier").id, "design-numerique", PENDING, tries=3),
        _result(make.member(here, "Rémi Caron").id, "marketing-digital", SENT),
        _result(make.member(elsewhere, "Agathe Vidal").id, "cybersecurite", NOT_GRADABLE),
    ])  # fmt: skip
    db.commit()
    page = visit("claire-vasseur").get("/tutor/lms/notes")
    assert page.status_code == 200
    assert "Léon Marchal" in page.text and "La plateforme refuse une note pour cette personne" in page.text
    assert "Odile Fournier" in page.text and "3 essais" in page.text
    assert "Rémi Caron" not in page.text  # received: nothing to see
    assert "Agathe Vidal" not in page.text and "autre plateforme" not in page.text
    assert "/tutor/lms/notes" in visit("claire-vasseur").get("/tutor/").text


def test_tutors_mentors_and_learners_may_not_see_it(visit) -> None:
    assert visit("nadia-haddad").get("/tutor/lms/notes").status_code == 403
    assert visit("ines-belkacem").get("/tutor/lms/notes").status_code == 403
