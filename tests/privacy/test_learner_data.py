"""Issue 14, point 7, right of access (GDPR art. 15): a référent or an administrator downloads everything stored
about one person as one JSON file: their rows in every table that points at a person (found from the schema, so a
new table fails here until declared), none of another learner's, staff named by name and role only, the export
itself written to the audit trail; the courses it covers are the viewer's; mentors and learners are refused."""
from __future__ import annotations

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, select, update

from devplatform.seed import ROUBAIX
from lms_service.db import Base
from lms_service.models import AuditEvent, Context, Membership, PageView, User
from lms_service.models.audit import EXPORT
from lms_service.privacy.person_tables import HIDDEN, LINKS, NAMES, PERSON, exported_tables, foreign_keys, undeclared

from .conftest import ago, fill

RECENT = ago(20)
OWN_ROWS = [table.name for table in exported_tables(Base.metadata) if table.name != PERSON]


def _id(db, sub: str, context: str = ROUBAIX) -> int:
    return db.scalars(select(Membership.id).join(User).join(Context)
                      .where(User.sub == sub, Context.lti_context_id == context)).one()  # fmt: skip


@pytest.fixture
def two(db, make, visit):
    """Alice and Bruno, learners of Roubaix with a row in every table; Alice also in a second course of the LMS
    that Nadia (tutor of Roubaix alone) does not follow. Claire (administrator) and Nadia have launched."""
    visitors = {"claire": visit("claire-vasseur"), "nadia": visit("nadia-haddad")}
    course = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    claire = db.get(Membership, _id(db, "claire-vasseur"))
    alice, bruno = make.member(course, "Alice Martin"), make.member(course, "Bruno Petit")
    fill(db, alice, claire, RECENT)
    fill(db, bruno, claire, RECENT)
    other = make.course("Nurserie de Lille — test")
    alice_there = Membership(context=other, user=alice.user, entry_date=RECENT.date())
    db.add(alice_there)
    db.flush()
    fill(db, alice_there, claire, RECENT)
    db.commit()
    return visitors, alice.id, bruno.id, alice_there.id, claire.id


def _export(visitor, member_id: int) -> tuple[dict, str]:
    answer = visitor.get(f"/tutor/learners/{member_id}/donnees.json")
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.headers["Cache-Control"] == "no-store"
    return answer.json(), answer.text


def _memberships_in(document: dict) -> set[int]:
    """Every membership id a row of the export is about (its owner or subject columns)."""
    owners = {(t, c) for (t, c), link in LINKS.items() if link.kind != NAMES and t != "membership"}
    found = {row["id"] for row in document["membership"]}
    for table, column in owners:
        if column in ("membership_id", "subject_id"):
            found |= {row[column] for row in document[table]}
    return found


def test_the_administrator_s_export_holds_every_row_of_the_person_and_none_of_another(two, db) -> None:
    visitors, alice, bruno, alice_there, claire = two
    document, text = _export(visitors["claire"], alice)
    assert document["personne"]["name"] == "Alice Martin" and document["personne"]["sub"].startswith("sub-")
    for table in OWN_ROWS:
        assert len(document[table]) == 2, table  # one row per course record, in every table: Roubaix and Lille
    assert _memberships_in(document) == {alice, alice_there}
    assert "Bruno" not in text and str(bruno) not in {str(m) for m in _memberships_in(document)}
    assert "réponse de Alice Martin" in {row["value"] for row in document["answer"]}
    # Staff by name and role, never their address; courses and sessions by what they are called.
    read = document["audit_event"][0]
    assert read["actor_id"] == {"nom": "Claire Vasseur", "role": "administrateur de la plateforme"}
    assert "claire.vasseur@example.org" not in text
    assert {row["context_id"]["title"] for row in document["membership"]} == {
        "Nurserie numérique — Afpa Roubaix", "Nurserie de Lille — test"}
    assert {row["session_id"]["label"] for row in document["attendance"]} == {"Atelier CV"}
    assert document["tutor_note"][0]["author_id"]["nom"] == "Claire Vasseur"
    for table, column in HIDDEN:
        assert all(column not in row for row in document[table]), (table, column)
    assert set(document["a_propos"]["rubriques"]) == {"personne", *OWN_ROWS} and document["a_propos"]["tronque"] == []
    db.expire_all()
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == EXPORT)).one()
    assert (event.actor_id, event.subject_id, event.what) == (claire, alice, "donnees:personne")


def test_a_tutor_s_export_covers_the_courses_they_follow(two) -> None:
    visitors, alice, _bruno, alice_there, _claire = two
    document, text = _export(visitors["nadia"], alice)
    assert _memberships_in(document) == {alice}
    assert all(len(document[table]) == 1 for table in OWN_ROWS)
    assert "Lille" not in text
    assert visitors["nadia"].get(f"/tutor/learners/{alice_there}/donnees.json").status_code == 404


def test_a_learner_who_has_left_the_course_can_still_have_their_data(two, db) -> None:
    visitors, alice, *_ = two
    db.execute(update(Membership).where(Membership.id == alice).values(left_at=RECENT))
    db.commit()
    assert _memberships_in(_export(visitors["nadia"], alice)[0]) == {alice}


def test_the_export_costs_the_same_few_queries_whatever_the_person_holds(two, db, sql) -> None:
    visitors, alice, *_ = two
    with sql() as small:
        _export(visitors["claire"], alice)
    db.add_all(PageView(membership_id=alice, module_slug=f"module-{n}", page_id="p1", seconds_spent=n)
               for n in range(50))  # fmt: skip
    db.commit()
    with sql() as big:
        document, _ = _export(visitors["claire"], alice)
    assert len(document["page_view"]) == 52
    assert len(big.statements) == len(small.statements) < 40


def test_the_page_explains_both_actions_and_offers_erasure_to_administrators_only(two) -> None:
    visitors, alice, *_ = two
    admin = visitors["claire"].get(f"/tutor/learners/{alice}/donnees")
    tutor = visitors["nadia"].get(f"/tutor/learners/{alice}/donnees")
    assert admin.status_code == tutor.status_code == 200
    for page in (admin, tutor):
        assert "Alice Martin" in page.text and f"/tutor/learners/{alice}/donnees.json" in page.text
    assert 'name="confirmation"' in admin.text and "Moodle" in admin.text
    assert 'name="confirmation"' not in tutor.text and "Seul un administrateur" in tutor.text


def test_mentors_and_learners_are_refused_and_other_courses_are_404(two, visit, make, as_member, db) -> None:
    visitors, alice, *_ = two
    learner, mentor = visit("ines-belkacem"), visit("olivier-martin")  # the mentor follows Inès
    ines = _id(db, "ines-belkacem")
    for path in (f"/tutor/learners/{ines}/donnees", f"/tutor/learners/{ines}/donnees.json"):
        assert mentor.get(path).status_code == 403 and learner.get(path).status_code == 403
    elsewhere = as_member(make.member(make.course("Autre cours"), "Tuteur Ailleurs", tutor=True))
    far_lms = make.course("Nurserie d'un autre LMS", lms_id=make.lms())
    far_admin = as_member(make.member(far_lms, "Admin Loin", tutor=True, is_admin=True))
    for stranger in (elsewhere, far_admin):
        for path in (f"/tutor/learners/{alice}/donnees", f"/tutor/learners/{alice}/donnees.json"):
            answer = stranger.get(path)
            assert answer.status_code == 404 and "Alice" not in answer.text, path
    db.expire_all()
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == EXPORT)).all() == []


def test_every_table_that_points_at_a_person_is_exported_or_declared_left_out() -> None:
    """The schema's foreign keys to a person, or to one of their rows, against person_tables.LINKS."""
    assert undeclared(Base.metadata) == []
    schema = {(table, column) for table, column, _ in foreign_keys(Base.metadata)}
    assert set(LINKS) <= schema, set(LINKS) - schema  # no declaration for a key that no longer exists
    assert all(column in Base.metadata.tables[table].c for table, column in HIDDEN)


def test_a_new_table_pointing_at_a_person_or_their_rows_is_caught() -> None:
    """The check is not vacuous: a table on a record, and one on a row below a record, are both named."""
    future = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(future)
    Table("coaching_call", future, Column("id", Integer, primary_key=True),
          Column("membership_id", ForeignKey("membership.id")))  # fmt: skip
    Table("delivery_receipt", future, Column("id", Integer, primary_key=True),
          Column("delivery_id", ForeignKey("grade_delivery.id")))  # fmt: skip
    assert sorted(undeclared(future)) == [("coaching_call", "membership_id"), ("delivery_receipt", "delivery_id")]


def test_a_head_request_takes_nothing_and_records_nothing(two, db) -> None:
    visitors, alice, *_ = two
    visitor = visitors["claire"]
    answer = visitor.browser.http.head(f"{visitor.base}/tutor/learners/{alice}/donnees.json?lt={visitor.token}",
                                       timeout=10)  # fmt: skip
    assert answer.status_code == 200 and answer.content == b""
    db.expire_all()
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == EXPORT)).all() == []
