"""Issue 14, point 4, who sees what: the référents of the learner's course and the LMS's administrator read and
annotate; a tutor of another course or of another LMS gets a 404 that names nobody; a mentor reads the quizzes and
the time of the learners it follows, never their words nor the notes, and may write nothing; a learner gets a 403
on the référents' page and sees their own page only, never another learner's notes."""
from __future__ import annotations

from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue
from lms_service.models import AuditEvent, Context, OrientationNote
from lms_service.models.audit import READ_LEARNER
from lms_service.security.csrf import csrf_token

from .conftest import answer_quiz, forced_note, member_id, outside, send_note, text, words

WEB = "developpement-web"
PAGE = "/tutor/learners/{}/orientation"


def _notes(db) -> list[tuple]:
    db.expire_all()
    return sorted((n.membership_id, n.family, n.body) for n in db.scalars(select(OrientationNote)))


def test_the_course_s_referents_read_and_the_read_is_in_the_audit_trail(visit, db) -> None:
    visit("ines-belkacem")
    learner = member_id(db, "ines-belkacem")
    for referent in ("nadia-haddad", "claire-vasseur"):
        page = visit(referent).get(PAGE.format(learner))
        assert page.status_code == 200 and 'name="note"' in page.text
    db.expire_all()
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == READ_LEARNER, AuditEvent.subject_id == learner))
    assert sorted(event.actor_id for event in reads) == sorted(member_id(db, p) for p in ("nadia-haddad", "claire-vasseur"))


def test_a_note_sent_back_with_its_errors_is_one_read_of_the_record(app, visit, db) -> None:
    """The app rolls a 400 back, yet the page shows the learner's answers and notes: that read is on the trail."""
    visit("ines-belkacem")
    nadia = visit("nadia-haddad")
    learner, nadia_id = member_id(db, "ines-belkacem"), member_id(db, "nadia-haddad")
    assert send_note(nadia, learner, [("family", WEB), ("note", "Avant")]).status_code == 303  # one read (its GET)
    refused = send_note(nadia, learner, [("family", WEB), ("note", "x" * 2001)], csrf=False)
    assert refused.status_code == 400  # refused before the view: no page of the record, no read
    refused = forced_note(app, nadia, learner, WEB, "x" * 2001)  # no GET before it
    assert refused.status_code == 400 and "Rien n'a été enregistré" in words(refused.text)
    db.expire_all()
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == READ_LEARNER).order_by(AuditEvent.id))
    assert [(e.actor_id, e.subject_id, e.what) for e in reads] == [(nadia_id, learner, "orientation")] * 2
    assert _notes(db) == [(learner, WEB, "Avant")]


def test_a_tutor_of_another_course_or_lms_gets_a_404_naming_nobody(app, visit, make, db) -> None:
    visit("ines-belkacem")
    learner = member_id(db, "ines-belkacem")
    assert send_note(visit("nadia-haddad"), learner, [("family", WEB), ("note", "Secret de Roubaix")]).status_code == 303
    roubaix = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    strangers = [make.member(make.course("Nurserie Lens"), "Tuteur Lens", tutor=True),
                 make.member(make.course("Nurserie ailleurs", lms_id=make.lms()), "Tutrice Ailleurs", tutor=True,
                             is_admin=True)]  # fmt: skip
    db.commit()
    before = _notes(db)
    for stranger in strangers:
        token = make.token(stranger)
        for answer in (outside(app.test_client().get, f"{PAGE.format(learner)}?lt={token}"),
                       outside(app.test_client().post, PAGE.format(learner), data=_form(app, token))):
            assert answer.status_code == 404
            body = answer.get_data(as_text=True)
            assert "Inès" not in body and "Secret" not in body and roubaix.title not in body
    assert outside(app.test_client().get, f"{PAGE.format(999999)}?lt={make.token(strangers[0])}").status_code == 404
    assert _notes(db) == before


def _form(app, token: str) -> dict[str, str]:
    with app.test_request_context():
        return {"lt": token, "csrf_token": csrf_token(token), "family": WEB, "note": "Écrit par un inconnu"}


def test_a_mentor_reads_quizzes_and_time_never_words_nor_notes_and_writes_nothing(app, visit, make, db) -> None:
    ines = visit("ines-belkacem")
    with app.app_context():
        web = get_catalogue().get(WEB)
    answer_quiz(ines, web, right=0, said={"web-attrait": "Beaucoup", "web-pourquoi": "Mon frère est développeur"})
    learner = member_id(db, "ines-belkacem")
    assert send_note(visit("nadia-haddad"), learner, [("family", WEB), ("note", "Voir le titre pro")]).status_code == 303
    mentor = visit("olivier-martin")

    page = mentor.get(PAGE.format(learner))

    assert page.status_code == 200
    read = words(text(page))
    assert "Inès Belkacem" in read and "Meilleur résultat au quiz : 0 % des points, pas encore réussi" in read
    assert "Beaucoup" not in read and "Mon frère" not in read and "Voir le titre pro" not in read
    assert "<form" not in text(page) and "@" not in read
    before = _notes(db)
    assert forced_note(app, mentor, learner, WEB, "Écrit par le conseiller").status_code == 403
    assert _notes(db) == before
    outsider = make.member(db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one(), "Hors Champ")
    db.commit()
    assert mentor.get(PAGE.format(outsider.id)).status_code == 404  # not among the learners it follows


def test_a_learner_gets_403_on_the_referents_page_and_sees_only_their_own(app, visit, db) -> None:
    ines, kevin = visit("ines-belkacem"), visit("kevin-dufour")
    ines_id, kevin_id = member_id(db, "ines-belkacem"), member_id(db, "kevin-dufour")
    nadia = visit("nadia-haddad")
    assert send_note(nadia, ines_id, [("family", WEB), ("note", "Pour Inès seulement")]).status_code == 303
    assert send_note(nadia, kevin_id, [("family", WEB), ("note", "Pour Kévin seulement")]).status_code == 303
    before = _notes(db)

    for own, other in ((ines_id, kevin_id), (kevin_id, ines_id)):
        for member in (own, other):
            assert (ines if own == ines_id else kevin).get(PAGE.format(member)).status_code == 403
    assert forced_note(app, ines, ines_id, WEB, "Je m'écris").status_code == 403
    assert _notes(db) == before

    for visitor, mine, theirs in ((ines, "Pour Inès seulement", "Pour Kévin"), (kevin, "Pour Kévin seulement", "Pour Inès")):
        for query in ("", f"&membership_id={kevin_id}", f"&membership_id={ines_id}"):
            page = visitor.get(f"/parcours/orientation?x=1{query}")
            assert page.status_code == 200 and mine in page.text and theirs not in page.text
    assert visit("nadia-haddad").get("/parcours/orientation").status_code == 200  # a référent's own (empty) page
