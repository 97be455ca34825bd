"""Issue 14, point 2: dated notes by author, correctable with their history, with the reminder not to write
health or money details beside the field; every bad input a 400 that saves nothing; notes are the référents'
own (a mentor is refused them), and nobody outside the course or the LMS reaches them."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms_service.models import RecordRevision, TutorNote
from lms_service.models.records import NOTE

from .conftest import days_ago, stored, text_of


def _notes(member) -> str:
    return f"/tutor/learners/{member.id}/notes"


def _notes_of(db, member) -> list[TutorNote]:
    db.expire_all()
    return list(db.scalars(select(TutorNote).where(TutorNote.membership_id == member.id).order_by(TutorNote.id)))


def test_a_note_is_written_dated_and_signed_and_the_newest_conversation_comes_first(cast, db) -> None:
    nadia = cast.client(cast.nadia)
    page = nadia.get(_notes(cast.ines))
    assert page.status_code == 200
    # The reminder is beside the field and tied to it: a screen reader reads it with the field.
    field = re.search(r"<textarea id=\"body\"[^>]*>", page.text).group(0)
    assert 'aria-describedby="reminder limit"' in field and 'maxlength="5000"' in field and "required" in field
    reminder = re.search(r'<p class="notice reminder" id="reminder">([^<]*)</p>', page.text).group(1)
    assert "santé" in reminder and "handicap" in reminder and "argent" in reminder and "dettes" in reminder
    assert "demander à voir" in reminder

    sent = nadia.post(_notes(cast.ines), {"written_on": days_ago(3), "body": "Veut devenir développeuse web.\nA un vélo."})
    assert sent.status_code == 303 and "enregistre=ajout" in sent.headers["Location"]
    assert nadia.post(_notes(cast.ines), {"written_on": days_ago(1), "body": "Motivée pour la cybersécurité."}).status_code == 303
    assert nadia.post(_notes(cast.ines), {"written_on": days_ago(10), "body": "Premier échange."}).status_code == 303
    first, second, third = _notes_of(db, cast.ines)
    assert first.body == "Veut devenir développeuse web.\nA un vélo." and first.author_id == cast.nadia.id
    assert first.written_on.isoformat() == days_ago(3) and first.updated_at is None

    shown = text_of(nadia.get(_notes(cast.ines)))
    at = [shown.index(body) for body in ("Motivée pour la cybersécurité.", "Veut devenir", "Premier échange.")]
    assert at == sorted(at)  # newest conversation first, whatever the order they were written in
    assert "3 notes" in shown and shown.count("Écrite par Nadia Haddad le") == 3
    assert "Corrigée le" not in shown


def test_a_correction_keeps_the_earlier_text_and_says_who_corrected_it(cast, db) -> None:
    nadia, thomas = cast.client(cast.nadia), cast.client(cast.thomas)
    nadia.post(_notes(cast.ines), {"written_on": days_ago(2), "body": "Texte de départ."})
    (note,) = _notes_of(db, cast.ines)
    sent = thomas.post(f"{_notes(cast.ines)}/{note.id}", {"written_on": days_ago(1), "body": "Texte corrigé."})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"#note-{note.id}")
    (note,) = _notes_of(db, cast.ines)
    assert (note.body, note.author_id, note.updated_by_id) == ("Texte corrigé.", cast.nadia.id, cast.thomas.id)
    assert note.written_on.isoformat() == days_ago(1)
    (kept,) = db.scalars(select(RecordRevision).where(RecordRevision.kind == NOTE, RecordRevision.record_id == note.id))
    assert kept.content == {"written_on": days_ago(2), "body": "Texte de départ."}
    assert kept.changed_by_id == cast.thomas.id and kept.membership_id == cast.ines.id

    shown = text_of(nadia.get(_notes(cast.ines)))
    assert "Écrite par Nadia Haddad le" in shown and "Corrigée le" in shown and "par Thomas Renard" in shown
    assert "Texte corrigé." in shown and "Voir la version d'avant" in shown and "Texte de départ." in shown
    # Sent again unchanged: no correction, no revision.
    assert thomas.post(f"{_notes(cast.ines)}/{note.id}", {"written_on": days_ago(1), "body": "Texte corrigé."}).status_code == 303
    assert stored(db)["RecordRevision"] == 1


LONG = "x" * 6000


@pytest.mark.parametrize("form", [
    {"written_on": days_ago(-1), "body": "Demain."},  # in the future
    {"written_on": "2026-13-01", "body": "Mois 13."},
    {"written_on": "01/12/2026", "body": "Pas ISO."},
    {"written_on": "1999-12-31", "body": "Trop ancien."},
    {"written_on": "", "body": "Sans date."},
    {"body": "Sans champ de date."},
    {"written_on": days_ago(1), "body": "   "},
    {"written_on": days_ago(1)},
    {"written_on": days_ago(1), "body": LONG},
    {"written_on": days_ago(1), "body": "y" * 5001},
], ids=["future", "month-13", "not-iso", "too-old", "empty-date", "no-date", "blank", "no-body", "6000", "5001"])  # fmt: skip
def test_a_bad_note_is_a_400_that_saves_nothing(cast, db, form) -> None:
    nadia = cast.client(cast.nadia)
    nadia.post(_notes(cast.ines), {"written_on": days_ago(2), "body": "Déjà là."})
    (note,) = _notes_of(db, cast.ines)
    before = stored(db)
    added = nadia.post(_notes(cast.ines), form)
    assert added.status_code == 400 and "Rien n'a été enregistré" in added.text
    corrected = nadia.post(f"{_notes(cast.ines)}/{note.id}", form)
    assert corrected.status_code == 400 and "Rien n'a été enregistré" in corrected.text
    assert re.search(r"<details open>\s*<summary>Corriger cette note", corrected.text)  # the correction shown again
    assert stored(db) == before
    assert [(n.body, n.updated_at) for n in _notes_of(db, cast.ines)] == [("Déjà là.", None)]


def test_an_exact_5000_character_note_is_kept_whole(cast, db) -> None:
    body = "é" * 5000
    assert cast.client(cast.nadia).post(_notes(cast.ines), {"written_on": days_ago(0), "body": body}).status_code == 303
    assert _notes_of(db, cast.ines)[0].body == body


def test_a_note_of_another_learner_or_none_is_a_404(cast, db) -> None:
    nadia = cast.client(cast.nadia)
    nadia.post(_notes(cast.kevin), {"written_on": days_ago(1), "body": "Note sur Kévin."})
    (kevins,) = _notes_of(db, cast.kevin)
    form = {"written_on": days_ago(1), "body": "Écrasé ?"}
    assert nadia.post(f"{_notes(cast.ines)}/{kevins.id}", form).status_code == 404
    assert nadia.post(f"{_notes(cast.ines)}/{kevins.id + 1000}", form).status_code == 404
    assert nadia.post(f"{_notes(cast.ines)}/99999999999", form).status_code == 404  # past an integer's range
    assert _notes_of(db, cast.kevin)[0].body == "Note sur Kévin." and stored(db)["RecordRevision"] == 0


def test_only_the_course_s_tutors_and_administrators_reach_the_notes(cast, db) -> None:
    nadia = cast.client(cast.nadia)
    nadia.post(_notes(cast.ines), {"written_on": days_ago(1), "body": "Confidentiel référents."})
    (note,) = _notes_of(db, cast.ines)
    form = {"written_on": days_ago(1), "body": "Intrus."}
    claire = cast.client(cast.claire)  # the LMS's administrator, a programme manager: reads and writes
    assert "Confidentiel référents." in claire.get(_notes(cast.ines)).text
    assert claire.post(_notes(cast.ines), form).status_code == 303
    before = stored(db)
    for who, status in ((cast.olivier, 403), (cast.ines, 403), (cast.paul, 404), (cast.chantal, 404)):
        client = cast.client(who)
        page = client.get(_notes(cast.ines))
        assert page.status_code == status and "Confidentiel" not in page.text, who.user.name
        assert client.post(_notes(cast.ines), form).status_code == status, who.user.name
        assert client.post(f"{_notes(cast.ines)}/{note.id}", form).status_code == status, who.user.name
    assert stored(db) == before and _notes_of(db, cast.ines)[0].body == "Confidentiel référents."
