"""Issue 14, point 6 (the printable page) and who reaches the review: one page per learner for an adviser without
an LMS account, with the review in words and never the notes; each print recorded in the audit trail. A mentor
is refused the review and its print as the notes (only référents and the administrator see what référents write);
a learner is refused; another course or LMS sees nothing."""
from __future__ import annotations

import re

from sqlalchemy import select

from lms_service.models import AuditEvent
from lms_service.models.audit import PRINT_REVIEW

from .conftest import days_ago, paris_day, stored, text_of

WEB = "developpement-web"
REVIEW = {"held_on": days_ago(3), "outcome": "training", "training": "Technicien d'assistance informatique",
          "organisation": "AFPA Roubaix", "financing": "cpf", "adjustments": "oui", "follow_up_on": days_ago(-85)}  # fmt: skip
SECRET = "Parle de ses dettes et de son traitement."


def _print(member) -> str:
    return f"/tutor/learners/{member.id}/bilan/imprimer"


def _prints(db) -> list[tuple]:
    db.expire_all()
    return [(e.action, e.actor_id, e.subject_id, e.context_id) for e in db.scalars(select(AuditEvent))]


def _reviewed_with_a_note(cast, make) -> None:
    make.progress(cast.ines, WEB, 5, 5)  # a nursery module completed
    make.progress(cast.ines, "cybersecurite", 1, 8)  # begun only: not listed
    make.db.commit()
    nadia = cast.client(cast.nadia)
    assert nadia.post(f"/tutor/learners/{cast.ines.id}/notes", {"written_on": days_ago(1), "body": SECRET}).status_code == 303
    assert nadia.post(f"/tutor/learners/{cast.ines.id}/bilan", REVIEW).status_code == 303
    assert nadia.post(f"/tutor/learners/{cast.ines.id}/suivi/3",
                      {"state": "in_training", "noted_on": days_ago(0), "comment": "Entrée en formation le 4."}).status_code == 303  # fmt: skip


def test_the_printed_review_holds_the_review_in_words_and_never_the_notes(cast, make, db) -> None:
    _reviewed_with_a_note(cast, make)
    page = cast.client(cast.thomas).get(_print(cast.ines))
    assert page.status_code == 200
    shown = text_of(page)
    for expected in ("Inès Belkacem", "Nurserie numérique — Roubaix", f"Entrée {paris_day(60).day} ", "Présentiel",
                     "Référent ou référente Nadia Haddad", "Issue de la nurserie Entrée en formation",
                     "Formation choisie Technicien d'assistance informatique", "Organisme de formation AFPA Roubaix",
                     "Financement CPF — Compte personnel de formation", "Aménagements nécessaires Oui",
                     "3 mois En formation", "Entrée en formation le 4.", "6 mois Pas encore noté",
                     "Imprimé le", "par Thomas Renard"):  # fmt: skip
        assert expected in shown, expected
    completed = re.search(r"Modules de la nurserie terminés : 1 sur (\d+)", shown)
    assert completed and int(completed.group(1)) > 1
    modules = shown.split("Modules de la nurserie", 1)[1].split("Le bilan", 1)[0]
    assert "Le développement web — le " in modules and "cybersécurité" not in modules  # begun, not completed
    # Not the notes, not a score, no address; no navigation of the LMS tool; no inline script or style.
    assert SECRET not in page.text and "dettes" not in shown and "%" not in shown and "@" not in page.text
    assert "site-header" not in page.text and "Suivi des apprenants" not in shown
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text) and " style=" not in page.text
    assert re.search(r'<button type="button" class="print-button" data-print hidden>Imprimer</button>', page.text)
    assert _prints(db) == [(PRINT_REVIEW, cast.thomas.id, cast.ines.id, cast.ines.context_id)]


def test_before_the_review_the_page_says_there_is_nothing_to_print_and_records_nothing(cast, db) -> None:
    page = cast.client(cast.nadia).get(_print(cast.ines))
    assert page.status_code == 200 and "Pas encore de bilan pour Inès Belkacem" in text_of(page)
    assert "Modules de la nurserie" not in page.text and "data-print" not in page.text
    assert _prints(db) == []


def test_a_mentor_is_refused_the_review_its_print_and_its_forms_as_the_notes(cast, make, db) -> None:
    """Only the référents and the administrator see what référents write: a mentor (an adviser following Inès) gets
    a 403 everywhere, for a learner it follows as for another, and neither its reads nor a print are recorded."""
    _reviewed_with_a_note(cast, make)
    olivier = cast.client(cast.olivier)
    before, trail = stored(db), _prints(db)
    for learner in (cast.ines, cast.kevin):
        for path in ("bilan", "bilan/imprimer", "notes"):
            page = olivier.get(f"/tutor/learners/{learner.id}/{path}")
            assert page.status_code == 403 and "Technicien" not in page.text and "AFPA" not in page.text, path
        assert olivier.post(f"/tutor/learners/{learner.id}/bilan", {**REVIEW, "outcome": "job"}).status_code == 403
        for months in (3, 6):
            assert olivier.post(f"/tutor/learners/{learner.id}/suivi/{months}",
                                {"state": "in_job", "noted_on": days_ago(0)}).status_code == 403  # fmt: skip
    assert stored(db) == before and _prints(db) == trail


def test_a_learner_and_strangers_reach_nothing_of_the_review(cast, make, db) -> None:
    _reviewed_with_a_note(cast, make)
    before, prints = stored(db), _prints(db)
    form = {"state": "in_job", "noted_on": days_ago(0)}
    for who, status in ((cast.ines, 403), (cast.paul, 404), (cast.chantal, 404)):
        client = cast.client(who)
        for path in ("bilan", "bilan/imprimer"):
            page = client.get(f"/tutor/learners/{cast.ines.id}/{path}")
            assert page.status_code == status and "Technicien" not in page.text, (who.user.name, path)
        assert client.post(f"/tutor/learners/{cast.ines.id}/bilan", REVIEW).status_code == status, who.user.name
        assert client.post(f"/tutor/learners/{cast.ines.id}/suivi/6", form).status_code == status, who.user.name
    assert stored(db) == before and _prints(db) == prints
    # The LMS's administrator reaches it all (a programme manager).
    claire = cast.client(cast.claire)
    assert claire.get(_print(cast.ines)).status_code == 200
    assert claire.post(f"/tutor/learners/{cast.ines.id}/suivi/6", form).status_code == 303


ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def test_a_person_the_lms_sent_without_a_name_is_never_shown_by_their_address(cast, make, db) -> None:
    """The LMS sent Inès and her référente with an e-mail but no name: the printed review, which leaves the LMS,
    names them by a neutral label, never by that address."""
    for member, address in ((cast.ines, "ines.belkacem@example.org"), (cast.nadia, "nadia.haddad@example.org")):
        member.user.name, member.user.given_name, member.user.family_name = None, None, None
        member.user.email = address
    make.db.commit()
    _reviewed_with_a_note(cast, make)
    page = cast.client(cast.thomas).get(_print(cast.ines))
    assert page.status_code == 200 and "Technicien d'assistance informatique" in text_of(page)
    assert f"Nom Personne {cast.ines.user.sub[:8]}" in text_of(page)
    assert f"Référent ou référente Personne {cast.nadia.user.sub[:8]}" in text_of(page)
    assert not ADDRESS.search(page.text), ADDRESS.search(page.text)
