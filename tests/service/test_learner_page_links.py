"""Issue 14: the learner page leads to the pages of the nursery's end (presences, notes, review, orientation,
personal data) as the viewer's role allows, says the review's outcome, and each read is on the audit trail."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms_service.db import as_utc, utcnow
from lms_service.models import AuditEvent, Membership, NurseryReview, User
from lms_service.models.audit import READ_LEARNER
from lms_service.models.records import ENTERED_TRAINING

PAGES = ("/presences", "/notes", "/bilan", "/orientation", "/donnees")


def _id(db, sub: str) -> int:
    return db.scalars(select(Membership.id).join(User).where(User.sub == sub)).one()


def _links(html: str, learner: int) -> set[str]:
    return {page for page in PAGES if f'href="/tutor/learners/{learner}{page}?' in html}


def test_the_referent_reaches_every_page_and_the_mentor_those_it_may_read(visit, db) -> None:
    visit("ines-belkacem")
    ines = _id(db, "ines-belkacem")
    page = visit("nadia-haddad").get(f"/tutor/learners/{ines}").text
    assert _links(page, ines) == set(PAGES) and "Pas encore de bilan de fin de nurserie." in page
    assert "/bilan/imprimer" not in page  # nothing to print yet
    mentor = visit("olivier-martin").get(f"/tutor/learners/{ines}").text  # Olivier mentors Inès
    assert _links(mentor, ines) == {"/presences", "/orientation"}  # no review, no notes: the référents' own
    assert "bilan" not in mentor.split('id="follow-title"')[1].split("</section>")[0]


def test_the_review_s_outcome_is_said_and_can_be_printed(visit, db) -> None:
    visit("ines-belkacem")
    ines = _id(db, "ines-belkacem")
    db.add(NurseryReview(membership_id=ines, held_on=date(2026, 11, 27), outcome=ENTERED_TRAINING))
    db.commit()
    page = visit("nadia-haddad").get(f"/tutor/learners/{ines}").text
    assert "Bilan de fin de nurserie du 27 nov. 2026 : Entrée en formation." in page
    assert f'href="/tutor/learners/{ines}/bilan/imprimer?' in page


def test_each_read_of_a_learner_page_is_on_record_without_what_it_showed(visit, db) -> None:
    visit("ines-belkacem")
    tutor = visit("nadia-haddad")
    ines, nadia = _id(db, "ines-belkacem"), _id(db, "nadia-haddad")
    before = utcnow()
    assert tutor.get(f"/tutor/learners/{ines}").status_code == 200
    assert tutor.get(f"/tutor/learners/{ines}").status_code == 200
    assert tutor.get("/tutor/learners/999999").status_code == 404  # nobody read: nothing recorded
    db.expire_all()
    events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.action, e.subject_id, e.what) for e in events] == [(nadia, READ_LEARNER, ines, "fiche")] * 2
    assert all(before <= as_utc(e.at) <= utcnow() for e in events)
    course = db.get(Membership, ines)
    assert {e.lms_id for e in events} == {course.context.lms_id} and {e.context_id for e in events} == {course.context_id}


def test_the_pages_about_one_learner_are_on_record_too(visit, db) -> None:
    """Notes, review, orientation and presences are read about one person: each read is kept, named by its page."""
    visit("ines-belkacem")
    tutor = visit("nadia-haddad")
    ines, nadia = _id(db, "ines-belkacem"), _id(db, "nadia-haddad")
    for page in ("/notes", "/bilan", "/orientation", "/presences"):
        assert tutor.get(f"/tutor/learners/{ines}{page}").status_code == 200, page
    db.expire_all()
    events = db.execute(select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.subject_id, AuditEvent.what)
                        .order_by(AuditEvent.id)).all()  # fmt: skip
    assert [tuple(e) for e in events] == [(nadia, READ_LEARNER, ines, what)
                                          for what in ("notes", "bilan", "orientation", "presences")]  # fmt: skip


def test_a_learner_gone_from_the_course_is_listed_apart_and_their_pages_stay_open(visit, make, db) -> None:
    """The roster says Inès left the course after her nursery: out of the usual lists, in « Partis du cours », and
    her pages (review, follow-ups, notes) still reachable: the 3- and 6-month follow-ups come after she left."""
    visit("ines-belkacem")
    tutor = visit("nadia-haddad")
    ines = db.get(Membership, _id(db, "ines-belkacem"))
    ines.left_at = utcnow()
    db.commit()
    assert ">Inès Belkacem</a>" not in tutor.get("/tutor/?vue=tous").text
    assert ">Inès Belkacem</a>" in tutor.get("/tutor/?vue=tous&statut=partis").text
    page = tutor.get(f"/tutor/learners/{ines.id}")
    assert page.status_code == 200 and "plus inscrit au cours dans la plateforme depuis le" in page.text
    for sub in ("/bilan", "/notes", "/presences", "/orientation"):
        assert tutor.get(f"/tutor/learners/{ines.id}{sub}").status_code == 200, sub


def test_a_mentor_never_reads_an_address_even_in_place_of_a_missing_name(visit, db) -> None:
    """The LMS sent Inès without a name: a référent reads her address; her mentor « Personne … », everywhere."""
    visit("ines-belkacem")
    ines = db.get(Membership, _id(db, "ines-belkacem"))
    ines.user.name = ines.user.given_name = ines.user.family_name = None
    ines.user.email = "ines.belkacem@example.org"
    db.commit()
    mentor = visit("olivier-martin")
    for path in ("/tutor/?vue=tous", "/tutor/export.csv?vue=tous", f"/tutor/learners/{ines.id}",
                 f"/tutor/learners/{ines.id}/orientation", f"/tutor/learners/{ines.id}/presences"):  # fmt: skip
        body = mentor.get(path).content.decode("utf-8-sig")
        assert "@" not in body.replace("&#64;", "@").split("<main", 1)[-1] and "Personne " in body, path
    assert "ines.belkacem@example.org" in visit("nadia-haddad").get(f"/tutor/learners/{ines.id}").text


def test_a_refused_form_s_page_is_one_read_too_and_saves_nothing_else(visit, db) -> None:
    """The page that answers a refused form (400) shows the learner: its read stays, the form's work does not."""
    visit("ines-belkacem")
    tutor = visit("nadia-haddad")
    ines = db.get(Membership, _id(db, "ines-belkacem"))
    before = ines.entry_date
    page = tutor.get(f"/tutor/learners/{ines.id}").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    refused = tutor.browser.http.post(f"{tutor.base}/tutor/learners/{ines.id}?lt={tutor.token}", data={
        "lt": tutor.token, "csrf_token": token, "modality": "remote", "entry_date": "pas une date"})  # fmt: skip
    assert refused.status_code == 400
    db.expire_all()
    reads = db.scalars(select(AuditEvent.what).where(AuditEvent.subject_id == ines.id).order_by(AuditEvent.id)).all()
    assert reads == ["fiche", "fiche"] and db.get(Membership, ines.id).entry_date == before
    assert db.get(Membership, ines.id).modality != "remote"
