"""Each learner's référent: assigned by a tutor (several at once, attributed), « Mes apprenants » first;
a mentor reads only; ids from another course open nothing."""
from __future__ import annotations

import re

from sqlalchemy import select

from lms_service.models import Membership, User


def _id(db, sub: str) -> int:
    return db.scalars(select(Membership.id).join(User).where(User.sub == sub)).one()


def _assign(tutor, learners: list[int], referent: str):
    page = tutor.get("/tutor/?vue=tous")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = [("lt", tutor.token), ("csrf_token", csrf), ("referent", referent), *[("learner", str(i)) for i in learners]]
    return tutor.browser.http.post(f"{tutor.base}/tutor/referents?lt={tutor.token}", data=form, allow_redirects=False)


def test_a_tutor_assigns_learners_to_a_referent_and_then_sees_them_first(visit, db) -> None:
    for person in ("ines-belkacem", "kevin-dufour"):
        visit(person)
    tutor = visit("nadia-haddad")
    first = tutor.get("/tutor/").text
    assert "Sans référent" in first and "Voir mes apprenants" in first  # nobody assigned yet: the whole course
    ines, kevin, nadia = _id(db, "ines-belkacem"), _id(db, "kevin-dufour"), _id(db, "nadia-haddad")
    answer = _assign(tutor, [ines], str(nadia))
    assert answer.status_code == 303 and "assignes=1" in answer.headers["Location"]
    db.expire_all()
    row = db.get(Membership, ines)
    assert row.referent_id == nadia and row.referent_set_by_id == nadia and row.referent_set_at is not None
    mine = tutor.get("/tutor/").text
    assert "1 personne que vous suivez" in mine and "Inès" in mine and "Kévin" not in mine
    whole = tutor.get("/tutor/?vue=tous").text
    assert "Kévin" in whole and "Voir mes apprenants" in whole
    assert _assign(tutor, [ines, kevin], "aucun").status_code == 303
    db.expire_all()
    assert db.get(Membership, ines).referent_id is None and db.get(Membership, kevin).referent_id is None


def test_forged_assignments_are_refused_and_change_nothing(visit, make, db) -> None:
    visit("ines-belkacem")
    tutor = visit("nadia-haddad")
    elsewhere = make.member(make.course("Autre cours"), "Odile Fournier")
    other_tutor = make.member(make.course("Autre cours encore"), "Paul Girard", tutor=True)
    db.commit()
    ines, nadia = _id(db, "ines-belkacem"), _id(db, "nadia-haddad")
    assert _assign(tutor, [elsewhere.id], str(nadia)).status_code == 404  # a learner of another course
    assert _assign(tutor, [ines], str(other_tutor.id)).status_code == 404  # a référent of another course
    assert _assign(tutor, [ines], str(ines)).status_code == 404  # a learner is no référent
    assert _assign(tutor, [], str(nadia)).status_code == 400
    assert _assign(tutor, [ines], "1 OR 1=1").status_code == 400
    db.expire_all()
    assert db.get(Membership, ines).referent_id is None and db.get(Membership, elsewhere.id).referent_id is None


def test_learners_and_mentors_may_not_assign_nor_change_facts(visit, db) -> None:
    """With a valid CSRF token of their own: the role check refuses, not the form check."""
    visit("ines-belkacem")
    ines = _id(db, "ines-belkacem")
    modality = db.get(Membership, ines).modality
    for person, page in (("ines-belkacem", "/quiz/developpement-web/"), ("olivier-martin", "/quiz/developpement-web/")):
        someone = visit(person)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', someone.get(page).text).group(1)
        base = [("lt", someone.token), ("csrf_token", csrf)]
        post = someone.browser.http.post
        assign = post(f"{someone.base}/tutor/referents?lt={someone.token}", allow_redirects=False,
                      data=[*base, ("learner", str(ines)), ("referent", str(ines))])  # fmt: skip
        facts = post(f"{someone.base}/tutor/learners/{ines}?lt={someone.token}", allow_redirects=False,
                     data=[*base, ("modality", "remote"), ("entry_date", "2026-11-02")])  # fmt: skip
        assert (assign.status_code, facts.status_code) == (403, 403), person
    db.expire_all()
    assert db.get(Membership, ines).referent_id is None and db.get(Membership, ines).modality == modality != "remote"


def test_a_mentor_sees_no_e_mail_and_no_form_on_a_learner_page(visit, db) -> None:
    visit("ines-belkacem")
    page = visit("olivier-martin").get(f"/tutor/learners/{_id(db, 'ines-belkacem')}")
    assert page.status_code == 200 and "@" not in page.text.split("<main", 1)[1] and 'name="entry_date"' not in page.text


def test_after_an_assignment_the_list_comes_back_as_it_was(visit, db) -> None:
    visit("ines-belkacem")
    tutor = visit("nadia-haddad")
    page = tutor.get("/tutor/?vue=tous&modalite=presentiel&tri=nom").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    hidden = dict(re.findall(r'<input type="hidden" name="(vue|modalite|tri|page)" value="([^"]*)">', page.split('id="assign-form"')[1].split("</form>")[0]))
    assert hidden == {"vue": "tous", "modalite": "presentiel", "tri": "nom"}
    form = [("lt", tutor.token), ("csrf_token", csrf), ("referent", str(_id(db, "nadia-haddad"))),
            ("learner", str(_id(db, "ines-belkacem"))), *hidden.items()]  # fmt: skip
    answer = tutor.browser.http.post(f"{tutor.base}/tutor/referents?lt={tutor.token}", data=form, allow_redirects=False)
    location = answer.headers["Location"]
    assert answer.status_code == 303 and all(part in location for part in ("vue=tous", "modalite=presentiel", "tri=nom", "assignes=1"))
    forged = [*form[:4], ("vue", "tous"), ("tri", "mot_de_passe")]
    assert tutor.browser.http.post(f"{tutor.base}/tutor/referents?lt={tutor.token}", data=forged,
                                   allow_redirects=False).status_code == 400  # fmt: skip
