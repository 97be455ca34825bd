"""The référent's list narrowed and sorted from the URL: modality, never connected, inactive for N days, a name;
the CSV holds the same learners; a value not on offer is a 400."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.models import Context, Membership, User
from lms_service.name_keys import name_key


def _course(db) -> Context:
    return db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()


def _people(db, make) -> None:
    course, now = _course(db), utcnow()
    make.member(course, "Zoé Arnaud", modality="remote", last_activity_at=now - timedelta(days=10))
    make.member(course, "Bruno Zimmer", modality="on_site", last_activity_at=now - timedelta(hours=2))
    silent = make.member(course, "Aline Martin", modality="remote")
    db.execute(update(Membership).where(Membership.id == silent.id).values(first_launch_at=None, last_launch_at=None))
    for name in ("Zoé Arnaud", "Bruno Zimmer", "Aline Martin"):
        given, family = name.split()
        db.execute(update(User).where(User.name == name).values(given_name=given, family_name=family))
        user_id = select(User.id).where(User.name == name).scalar_subquery()  # as a launch with the parts would
        db.execute(update(Membership).where(Membership.user_id == user_id).values(name_key=name_key(given, family, name, None)))
    db.commit()


def _names(page: str) -> list[str]:
    return [name for name in ("Zoé Arnaud", "Bruno Zimmer", "Aline Martin") if name in page]


def test_each_filter_narrows_the_list_and_the_csv_follows(visit, make, db) -> None:
    tutor = visit("nadia-haddad")
    _people(db, make)
    assert _names(tutor.get("/tutor/?vue=tous").text) == ["Zoé Arnaud", "Bruno Zimmer", "Aline Martin"]
    assert _names(tutor.get("/tutor/?vue=tous&modalite=distance").text) == ["Zoé Arnaud", "Aline Martin"]
    assert _names(tutor.get("/tutor/?vue=tous&connexion=jamais").text) == ["Aline Martin"]
    assert _names(tutor.get("/tutor/?vue=tous&inactif=7").text) == ["Zoé Arnaud", "Aline Martin"]
    assert _names(tutor.get("/tutor/?vue=tous&q=zimm").text) == ["Bruno Zimmer"]
    assert _names(tutor.get("/tutor/?vue=tous&q=%25").text) == []  # a « % » is a character, not a wildcard
    remote = tutor.get("/tutor/export.csv?vue=tous&modalite=distance&inactif=7").content.decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(remote), delimiter=";")][1:]
    assert sorted(names) == ["Aline Martin", "Zoé Arnaud"]


def test_the_list_sorts_by_name_or_entry(visit, make, db) -> None:
    tutor = visit("nadia-haddad")
    _people(db, make)
    by_name = tutor.get("/tutor/?vue=tous&tri=nom").text
    assert by_name.index("Zoé Arnaud") < by_name.index("Aline Martin") < by_name.index("Bruno Zimmer")  # by family name
    assert "par nom" in by_name


def test_a_value_not_on_offer_is_refused(visit) -> None:
    tutor = visit("nadia-haddad")
    for query in ("tri=mot_de_passe", "modalite=lune", "connexion=x", "inactif=5", "inactif=-1", "vue=autre"):
        assert tutor.get(f"/tutor/?{query}").status_code == 400, query
        assert tutor.get(f"/tutor/export.csv?{query}").status_code == 400, query
