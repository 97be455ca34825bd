"""Issue 14, point 4: the référent annotates the conversation, family by family. A note is saved with who wrote
it and when, corrected with its earlier text kept, and read by the learner on their own page (its current text
only); a form the page could not have sent is a 400 that saves nothing; two référents at once both keep theirs."""
from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select

from lms_service.models import OrientationNote, RecordRevision, User
from lms_service.models.records import ORIENTATION

from .conftest import forced_note, member_id, sections, send_note, text, words

WEB, CYBER = "developpement-web", "cybersecurite"
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PAGE = "/tutor/learners/{}/orientation"


def _notes(db) -> list[tuple]:
    db.expire_all()
    return [(n.membership_id, n.family, n.body, n.set_by_id) for n in db.scalars(select(OrientationNote))]


def _versions(db) -> list[tuple]:
    db.expire_all()
    query = select(RecordRevision).where(RecordRevision.kind == ORIENTATION).order_by(RecordRevision.id)
    return [(r.record_id, r.content["body"], r.content["set_by_id"], r.changed_by_id) for r in db.scalars(query)]


def test_a_note_is_saved_corrected_with_its_history_and_read_by_the_learner(visit, db) -> None:
    ines = visit("ines-belkacem")
    nadia, claire = visit("nadia-haddad"), visit("claire-vasseur")
    learner, nadia_id, claire_id = (member_id(db, sub) for sub in ("ines-belkacem", "nadia-haddad", "claire-vasseur"))

    sent = send_note(nadia, learner, [("family", WEB), ("note", "  Parler du titre pro\r\nDWWM.  ")])
    assert sent.status_code == 303
    assert "enregistre=1" in sent.headers["Location"] and sent.headers["Location"].endswith("#famille-developpement-web")
    assert _notes(db) == [(learner, WEB, "Parler du titre pro\nDWWM.", nadia_id)] and _versions(db) == []
    saved = words(sections(text(nadia.get(f"{PAGE.format(learner)}?enregistre=1&famille={WEB}")))[WEB])
    assert "Note enregistrée." in saved and "Parler du titre pro DWWM." in saved and "Écrite par Nadia Haddad le" in saved
    assert "La personne peut lire cette note." in saved

    assert send_note(claire, learner, [("family", WEB), ("note", "Formation DWWM à Roubaix en mars.")]).status_code == 303
    note_id = db.scalar(select(OrientationNote.id))
    assert _notes(db) == [(learner, WEB, "Formation DWWM à Roubaix en mars.", claire_id)]
    assert _versions(db) == [(note_id, "Parler du titre pro\nDWWM.", nadia_id, claire_id)]
    section = sections(text(nadia.get(PAGE.format(learner))))[WEB]
    current, history = section.split("<details>", 1)
    assert "Formation DWWM à Roubaix en mars." in current and "Écrite par Claire Vasseur le" in words(current)
    assert "1 version précédente" in history and "Écrite par Nadia Haddad le" in words(history)
    assert "Parler du titre pro<br>DWWM." in history

    own = sections(text(ines.get("/parcours/orientation")))
    assert "Note de Claire Vasseur, le" in words(own[WEB]) and "Formation DWWM à Roubaix en mars." in own[WEB]
    assert "Parler du titre pro" not in "".join(own.values())  # the corrected text stays with the référents
    assert "Note de" not in words(own[CYBER])

    assert send_note(claire, learner, [("family", WEB), ("note", "Formation DWWM à Roubaix en mars.")]).status_code == 303
    assert len(_versions(db)) == 1  # the same text again is no new version
    assert send_note(nadia, learner, [("family", WEB), ("note", "   ")]).status_code == 303  # cleared
    assert _notes(db) == [(learner, WEB, "", nadia_id)] and len(_versions(db)) == 2
    assert "Note de" not in words(sections(text(ines.get("/parcours/orientation")))[WEB])
    assert "2 versions précédentes" in text(nadia.get(PAGE.format(learner)))


def test_the_learner_never_reads_an_address_in_place_of_a_name(visit, db) -> None:
    """The LMS sent Inès and her référente with an e-mail but no name: the learner's page names the note's author
    by a neutral label (or not at all), never by that address."""
    ines, nadia = visit("ines-belkacem"), visit("nadia-haddad")
    learner = member_id(db, "ines-belkacem")
    assert send_note(nadia, learner, [("family", WEB), ("note", "Voir le titre pro.")]).status_code == 303
    sent = send_note(visit("claire-vasseur"), learner, [("family", WEB), ("note", "Formation en mars.")])
    assert sent.status_code == 303
    assert send_note(nadia, learner, [("family", WEB), ("note", "Formation DWWM en mars.")]).status_code == 303
    people = db.scalars(select(User).where(User.sub.in_(["ines-belkacem", "nadia-haddad", "claire-vasseur"]))).all()
    for person in people:
        person.name, person.given_name, person.family_name = None, None, None
        person.email = f"{person.sub}@example.org"
    db.commit()

    own = ines.get("/parcours/orientation")
    assert own.status_code == 200 and "Formation DWWM en mars." in own.text
    assert "Note de Personne nadia-ha, le" in words(sections(text(own))[WEB])
    assert not ADDRESS.search(own.text), ADDRESS.search(own.text)
    # The référents' page names the authors of every version the same way.
    history = sections(text(nadia.get(PAGE.format(learner))))[WEB]
    assert "Écrite par Personne claire-v le" in words(history) and not ADDRESS.search(history)


def test_a_note_of_two_thousand_characters_fits_and_one_more_does_not(visit, db) -> None:
    visit("ines-belkacem")
    nadia = visit("nadia-haddad")
    learner = member_id(db, "ines-belkacem")
    fits = ("é" * 999 + "\r\n") + "é" * 1000  # a line break sent as two characters counts as one
    assert send_note(nadia, learner, [("family", WEB), ("note", fits)]).status_code == 303
    assert len(_notes(db)[0][2]) == 2000
    refused = send_note(nadia, learner, [("family", WEB), ("note", "x" * 2001)])
    assert refused.status_code == 400
    assert "La note dépasse 2 000 caractères (elle en a 2 001)" in words(refused.text)
    assert len(_notes(db)[0][2]) == 2000 and _versions(db) == []


@pytest.mark.parametrize("form", [
    [("family", "nope"), ("note", "Une note")],  # no such family
    [("family", "confiance-en-soi"), ("note", "Une note")],  # a module, but no family of jobs
    [("family", "developpement-web" * 600), ("note", "Une note")],  # longer than any family
    [("note", "Une note")],  # no family
    [("family", WEB)],  # no note
    [("family", WEB), ("family", CYBER), ("note", "x" * 5000)],
    [("family", ""), ("note", "")],
], ids=["unknown", "soft-skills", "long-family", "no-family", "no-note", "too-long", "empty"])  # fmt: skip
def test_a_form_the_page_could_not_send_is_a_400_and_saves_nothing(visit, db, form) -> None:
    visit("ines-belkacem")
    nadia = visit("nadia-haddad")
    learner = member_id(db, "ines-belkacem")
    assert send_note(nadia, learner, [("family", WEB), ("note", "Avant")]).status_code == 303
    before = (_notes(db), _versions(db))

    refused = send_note(nadia, learner, form)

    assert refused.status_code == 400, refused.text[-300:]
    assert "Rien n'a été enregistré" in words(refused.text) and 'id="form-errors"' in refused.text
    assert (_notes(db), _versions(db)) == before


def test_a_note_whose_text_was_refused_is_shown_again_to_correct(visit, db) -> None:
    visit("ines-belkacem")
    nadia = visit("nadia-haddad")
    learner = member_id(db, "ines-belkacem")
    refused = send_note(nadia, learner, [("family", CYBER), ("note", "trop " * 500)])
    assert refused.status_code == 400
    section = sections(text(refused))[CYBER]
    assert 'aria-describedby="form-errors"' in section and "trop trop" in section.split("<textarea", 1)[1]
    assert _notes(db) == []


def test_without_its_csrf_token_a_note_is_refused(visit, db) -> None:
    visit("ines-belkacem")
    nadia = visit("nadia-haddad")
    learner = member_id(db, "ines-belkacem")
    assert send_note(nadia, learner, [("family", WEB), ("note", "Une note")], csrf=False).status_code == 400
    assert _notes(db) == []


def _at_once(*calls):
    """Run the calls in threads released together; their answers in the same order."""
    barrier, answers = threading.Barrier(len(calls)), [None] * len(calls)

    def run(n: int) -> None:
        barrier.wait()
        answers[n] = calls[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_referents_writing_at_once_each_keep_their_text(app, visit, db) -> None:
    """Nadia and Claire send a note on the same family at the same moment, family after family, a first note then
    a correction: one note each time, and the text it replaced in its history, whoever came first."""
    visit("ines-belkacem")
    nadia, claire = visit("nadia-haddad"), visit("claire-vasseur")
    learner = member_id(db, "ines-belkacem")
    for family in ("developpement-web", "cybersecurite", "design-numerique"):
        for round_ in ("first", "then"):
            answers = _at_once(*(lambda who=who, visitor=visitor, family=family, round_=round_:
                                 forced_note(app, visitor, learner, family, f"{who} {round_}")
                                 for who, visitor in (("Nadia", nadia), ("Claire", claire))))  # fmt: skip
            assert [answer.status_code for answer in answers] == [303, 303], (family, round_)
        (note,) = [row for row in _notes(db) if row[1] == family]
        note_id = db.scalar(select(OrientationNote.id).where(OrientationNote.family == family))
        kept = [body for record_id, body, _, _ in _versions(db) if record_id == note_id]
        every = ["Nadia first", "Claire first", "Nadia then", "Claire then"]
        assert sorted([note[2], *kept]) == sorted(every), family  # nothing lost: each text is the note or a version
        assert note[2].endswith("then") and len(kept) == 3, family
