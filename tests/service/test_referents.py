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
    assert "1 apprenant que vous suivez" in mine and "Inès" in mine and "Kévin" not in mine
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


def test_learners_may_not_assign(visit, db) -> None:
    learner = visit("ines-belkacem")
    answer = learner.browser.http.post(f"{learner.base}/tutor/referents?lt={learner.token}",
                                       data={"lt": learner.token, "learner": "1", "referent": "1"}, allow_redirects=False)  # fmt: skip
    assert answer.status_code in (400, 403)
