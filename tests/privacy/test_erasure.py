"""Issue 14, point 7, erasure (GDPR art. 17): an administrator of the LMS erases a person, having typed their name
or « EFFACER »: every row of theirs in every course of the LMS goes (counted table by table), another learner's
stay, the audit trail keeps its rows with no subject and records the erasure naming no one. A wrong confirmation
erases nothing; tutors, mentors and learners are refused, another LMS's administrator gets a 404. Every foreign
key to a person cascades or unnames in the live schema, on SQLite and PostgreSQL alike."""
from __future__ import annotations

import threading

import pytest
import requests
from flask import current_app
from sqlalchemy import inspect, select

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue
from lms_service.db import Base, as_utc, get_engine, utcnow
from lms_service.models import AuditEvent, Context, Membership, PageView, User
from lms_service.models.audit import ERASE, READ_LEARNER
from lms_service.privacy.person_tables import LINKS, OWNS, PERSON, exported_tables
from lms_service.security.csrf import csrf_token

from .conftest import SLUG, ago, counts, fill

RECENT = ago(10)
OWN_ROWS = [table.name for table in exported_tables(Base.metadata) if table.name not in (PERSON, "audit_event")]


def _id(db, sub: str) -> int:
    return db.scalars(select(Membership.id).join(User).join(Context)
                      .where(User.sub == sub, Context.lti_context_id == ROUBAIX)).one()  # fmt: skip


def _rows_of(db, member_ids: list[int]) -> dict[str, int]:
    """Rows that point at these records, per table and column (every foreign key to a membership)."""
    db.expire_all()
    found = {}
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == "membership":
                query = select(key.parent).where(key.parent.in_(member_ids))
                found[f"{table.name}.{key.parent.name}"] = len(db.execute(query).all())
    return found


@pytest.fixture
def people(db, make, visit):
    """Alice (Roubaix and a second course of the LMS) and Bruno (Roubaix), a row in every table each; a mentor
    whose scope names Alice; Claire (administrator) has launched."""
    admin = visit("claire-vasseur")
    course = db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()
    claire = db.get(Membership, _id(db, "claire-vasseur"))
    alice, bruno = make.member(course, "Alice Martin"), make.member(course, "Bruno Petit")
    alice_there = Membership(context=make.course("Nurserie de Lille — test"), user=alice.user,
                             entry_date=RECENT.date())  # fmt: skip
    db.add(alice_there)
    db.flush()
    for member in (alice, alice_there, bruno):
        fill(db, member, claire, RECENT)
    mentor = make.member(course, "Mona Mentor", is_mentor=True, mentor_scope=[alice.user.sub, bruno.user.sub])
    db.commit()
    return {"admin": admin, "alice": alice.id, "alice_there": alice_there.id, "alice_user": alice.user_id,
            "alice_sub": alice.user.sub, "bruno": bruno.id, "bruno_sub": bruno.user.sub, "claire": claire.id,
            "mentor": mentor.id, "course": course.id}  # fmt: skip


def _erase(visitor, member_id: int, confirmation: str | None = "EFFACER", csrf: bool = True):
    """POST the erasure form as `visitor` (a seeded persona's launch, or a record browsing with `as_member`)."""
    form = {} if confirmation is None else {"confirmation": confirmation}
    if not csrf:
        form["csrf_token"] = "0" * 64
    if hasattr(visitor, "post"):
        return visitor.post(f"/tutor/learners/{member_id}/effacer", **form)
    with current_app.test_request_context():
        data = {"lt": visitor.token, "csrf_token": csrf_token(visitor.token), **form}
    return visitor.browser.http.post(f"{visitor.base}/tutor/learners/{member_id}/effacer?lt={visitor.token}",
                                     data=data, allow_redirects=False, timeout=10)  # fmt: skip


def test_the_administrator_erases_every_row_of_the_person_in_every_course_and_nothing_else(people, db) -> None:
    before, bruno_before = counts(db), _rows_of(db, [people["bruno"]])
    reads = [e.id for e in db.scalars(select(AuditEvent).where(AuditEvent.subject_id.in_(
        [people["alice"], people["alice_there"]])))]  # fmt: skip
    assert len(reads) == 2
    answer = _erase(people["admin"], people["alice"], "  alice MARTIN ")  # her name, case and spaces aside
    assert answer.status_code == 303 and "/tutor/lms/donnees?efface=1&" in answer.headers["Location"]
    done = people["admin"].get("/tutor/lms/donnees?efface=1")
    assert done.status_code == 200 and "ont été effacées" in done.text and "Alice" not in done.text

    after = counts(db)
    expected = {name: 2 for name in OWN_ROWS} | {"membership": 2, "app_user": 1, "audit_event": -1}
    assert {name: before[name] - after[name] for name in before if before[name] != after[name]} == expected
    assert not any(_rows_of(db, [people["alice"], people["alice_there"]]).values())  # nothing points at her
    assert db.get(User, people["alice_user"]) is None
    assert _rows_of(db, [people["bruno"]]) == bruno_before  # Bruno whole
    # The audit trail keeps the reads, about no one now, and says an erasure happened, naming no one.
    kept = db.scalars(select(AuditEvent).where(AuditEvent.id.in_(reads))).all()
    assert [(e.action, e.subject_id) for e in kept] == [(READ_LEARNER, None)] * 2
    erased = db.scalars(select(AuditEvent).where(AuditEvent.action == ERASE)).one()
    assert (erased.actor_id, erased.subject_id, erased.what, erased.context_id) == (
        people["claire"], None, "donnees:personne", people["course"])
    # Her LMS identifier is out of the mentor's scope; Bruno's stays.
    assert db.get(Membership, people["mentor"]).mentor_scope == [people["bruno_sub"]]
    assert people["admin"].get(f"/tutor/learners/{people['alice']}/donnees").status_code == 404


@pytest.mark.parametrize("typed", ["", "effacer ?", "EFFACE", "Bruno Petit", "Alice", "x" * 5000, None, "\u200b"])
def test_a_wrong_confirmation_erases_nothing(people, db, typed) -> None:
    before = counts(db)
    answer = _erase(people["admin"], people["alice"], typed)
    assert answer.status_code == 400
    assert "Rien n&#39;a été enregistré" in answer.text or "Rien n'a été enregistré" in answer.text
    assert "EFFACER" in answer.text.split('id="form-errors"')[1]
    assert counts(db) == before


def test_without_the_form_s_csrf_token_nothing_is_erased(people, db) -> None:
    before = counts(db)
    assert _erase(people["admin"], people["alice"], csrf=False).status_code == 400
    assert counts(db) == before


def test_only_an_administrator_of_the_person_s_lms_may_erase(people, db, visit, make, as_member) -> None:
    """Tutor, mentor and learner, each with their own CSRF token: 403; another LMS's administrator: 404."""
    alice = [people["alice"], people["alice_there"]]
    before = _rows_of(db, alice)
    for person in ("nadia-haddad", "olivier-martin", "ines-belkacem"):
        visit(person)
        own = as_member(db.get(Membership, _id(db, person)))
        assert _erase(own, people["alice"]).status_code == 403, person
        assert own.get("/tutor/lms/donnees").status_code == 403, person
    far_lms = make.course("Nurserie d'un autre LMS", lms_id=make.lms())
    far_admin = as_member(make.member(far_lms, "Admin Loin", tutor=True, is_admin=True))
    answer = _erase(far_admin, people["alice"])
    assert answer.status_code == 404 and "Alice" not in answer.text
    assert _rows_of(db, alice) == before and db.get(User, people["alice_user"]) is not None
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == ERASE)).all() == []


def test_an_administrator_does_not_erase_their_own_record(people, db) -> None:
    before = counts(db)
    answer = _erase(people["admin"], people["claire"], "Claire Vasseur")
    assert answer.status_code == 400 and "autre administrateur" in answer.text
    assert counts(db) == before


def test_an_erased_learner_who_launches_again_starts_a_fresh_record(people, db, visit) -> None:
    """What the README says: erasure here does not touch the LMS, whose next launch makes a new, empty record."""
    kevin = visit("kevin-dufour")
    first = _id(db, "kevin-dufour")
    fill(db, db.get(Membership, first), db.get(Membership, people["claire"]), RECENT)
    db.commit()
    erased_at = utcnow()
    assert _erase(people["admin"], first, "Kévin Dufour").status_code == 303
    assert kevin.get("/").status_code == 401  # the erased launch session is gone with the rest
    visit("kevin-dufour")
    again = db.get(Membership, _id(db, "kevin-dufour"))  # SQLite may give it the same id: the row is new all the same
    assert as_utc(again.user.created_at) > erased_at and as_utc(again.first_launch_at) > erased_at
    assert db.scalars(select(PageView).where(PageView.membership_id == again.id)).all() == []


def test_every_link_to_a_person_cascades_or_unnames_in_the_live_schema(app) -> None:
    """The schema the migrations built (not the models): rows of a person go with them, the others lose the name."""
    with app.app_context():
        engine = get_engine()
        schema = inspect(engine)
        for (table, column), link in LINKS.items():
            keys = [key for key in schema.get_foreign_keys(table) if key["constrained_columns"] == [column]]
            assert len(keys) == 1, (table, column)
            rule = (keys[0].get("options") or {}).get("ondelete", "")
            assert rule.upper() == ("CASCADE" if link.kind == OWNS else "SET NULL"), (table, column, rule)
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:  # SQLite enforces none of it unless asked, on every connection
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_an_erasure_while_the_person_reads_leaves_nothing_of_them(people, db, make, tool_server) -> None:
    """Real threads, released together, ten rounds: the learner's page views get a page or a 401 (their session
    went with them), never an error, and nothing of theirs is left, whichever came first."""
    with current_app.app_context():
        pages = [page.id for page in get_catalogue().get(SLUG).pages]
    course = db.get(Context, people["course"])
    for round_ in range(10):
        learner = make.member(course, f"Lectrice {round_}")
        token, member_id, user_id = make.token(learner), learner.id, learner.user_id
        start, statuses = threading.Barrier(2), []

        def read(token: str = token, statuses: list[int] = statuses, start: threading.Barrier = start) -> None:
            start.wait()
            for n in range(6):
                url = f"{tool_server.url}/modules/{SLUG}/{pages[n % len(pages)]}?lt={token}"
                statuses.append(requests.get(url, timeout=30).status_code)

        reading = threading.Thread(target=read)
        reading.start()
        start.wait()
        erased = _erase(people["admin"], member_id)
        reading.join()
        assert erased.status_code == 303 and set(statuses) <= {200, 401}, (round_, statuses)
        assert not any(_rows_of(db, [member_id]).values()) and db.get(User, user_id) is None, round_
