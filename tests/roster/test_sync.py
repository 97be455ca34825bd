"""Storing the LMS's roster: members who never launched, left only after a complete read, back when listed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select

from devplatform.seed import LILLE, ROUBAIX
from lms_service.db import utcnow
from lms_service.models import Context, Membership, User
from lms_service.roster import sync
from lms_service.roster.sync import apply_roster

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
TODAY = date(2026, 11, 30)


@dataclass(frozen=True)
class Member:
    user_id: str
    roles: tuple[str, ...] = (LEARNER,)
    status: str = "Active"
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None

NEVER = 'class="badge">Aucune connexion<'  # the list's mark for someone never connected


def _course(db) -> Context:
    return db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()


def _member(db, sub: str) -> Membership:
    db.expire_all()
    return db.scalars(select(Membership).join(User).where(User.sub == sub)).one()


def _apply(db, members, *, complete: bool = True, later: timedelta = timedelta(0)):
    course = _course(db)
    applied = apply_roster(db, course.id, course.lms_id, members, complete=complete, now=utcnow() + later, today=TODAY)
    db.commit()
    return applied


def test_members_who_never_launched_join_the_course_with_an_estimated_entry_date(visit, db) -> None:
    visit("ines-belkacem")
    launched = _member(db, "ines-belkacem")
    applied = _apply(db, [Member("ines-belkacem"), Member("yasmine-benali", name="Yasmine Benali"),
                          Member("nadia-haddad", roles=(INSTRUCTOR,))])  # fmt: skip
    assert (applied.seen, applied.new_members, applied.new_people, applied.left) == (3, 2, 2, 0)
    yasmine = _member(db, "yasmine-benali")
    assert yasmine.first_launch_at is None and yasmine.is_learner and yasmine.entry_date == TODAY
    assert yasmine.entry_date_estimated and db.get(User, yasmine.user_id).name == "Yasmine Benali"
    assert _member(db, "nadia-haddad").is_tutor and not _member(db, "nadia-haddad").is_learner
    ines = _member(db, "ines-belkacem")
    assert ines.entry_date == launched.entry_date and not ines.entry_date_estimated and ines.roster_seen_at


def test_only_a_complete_read_marks_the_absent_as_left_and_a_member_listed_again_is_back(visit, db) -> None:
    visit("ines-belkacem")
    visit("nadia-haddad")  # a tutor who launched, whom the roster does not list (a category's teacher)
    _apply(db, [Member("ines-belkacem"), Member("yasmine-benali")])
    _apply(db, [Member("ines-belkacem")], complete=False, later=timedelta(seconds=1))  # a page failed
    assert _member(db, "yasmine-benali").left_at is None
    applied = _apply(db, [Member("ines-belkacem"), Member("yasmine-benali", status="Inactive")], later=timedelta(seconds=2))
    assert applied.left == 1 and _member(db, "yasmine-benali").left_at is not None
    assert _member(db, "nadia-haddad").left_at is None  # staff are never marked as left
    applied = _apply(db, [Member("ines-belkacem"), Member("yasmine-benali")], later=timedelta(seconds=3))
    assert applied.back == 1 and _member(db, "yasmine-benali").left_at is None


def test_a_later_first_launch_joins_the_same_membership_and_the_list_shows_who_never_came(visit, db) -> None:
    tutor = visit("nadia-haddad")
    _apply(db, [Member("nadia-haddad", roles=(INSTRUCTOR,)), Member("yasmine-benali", name="Yasmine Benali"),
                Member("dylan-carpentier", name="Dylan Carpentier")])  # fmt: skip
    listing = tutor.get("/tutor/").text
    assert "Yasmine Benali" in listing and listing.count(NEVER) == 2 and "(estimée)" in listing
    before = _member(db, "yasmine-benali")
    visit("yasmine-benali")
    after = _member(db, "yasmine-benali")
    assert after.id == before.id and after.first_launch_at is not None and after.entry_date == TODAY
    assert tutor.get("/tutor/").text.count(NEVER) == 1


def test_a_large_roster_is_stored_in_batches(visit, db, sql) -> None:
    """Issue 13 review, point 3: 1,200 people never seen are created, and enrolled, with a number of statements
    that grows with the batches (CHUNK members each), not with the members (it was two inserts a member)."""
    visit("ines-belkacem")
    people = [Member(f"learner-{n:04d}", given_name="Élodie", family_name=f"Œuvray {n:04d}") for n in range(1200)]
    with sql() as seen:
        applied = _apply(db, [Member("ines-belkacem"), *people])
    assert (applied.seen, applied.new_people, applied.new_members) == (1201, 1200, 1200)
    inserts = [s for s in seen.writes() if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) <= 2 * 3 and len(seen.statements) <= 25  # 3 batches of 500 each for people and members
    last = _member(db, "learner-1199")
    assert (last.name_key, last.first_launch_at, last.entry_date_estimated) == ("oeuvray 1199 elodie", None, True)


def test_a_name_the_roster_changes_changes_the_person_s_key_in_every_course(visit, db) -> None:
    """The person's folded name key lives on each of their memberships: a name changed in the LMS reaches the
    list of every course they are in; a name the roster leaves out is kept, not erased."""
    visit("nadia-haddad")
    visit("nadia-haddad", LILLE)
    assert _keys(db, "nadia-haddad") == ["haddad nadia", "haddad nadia"]
    _apply(db, [Member("nadia-haddad", roles=(INSTRUCTOR,)), Member("yasmine-benali", name="Yasmine Benali")])
    assert _keys(db, "nadia-haddad") == ["haddad nadia", "haddad nadia"] and _keys(db, "yasmine-benali") == [
        "yasmine benali"]  # fmt: skip
    _apply(db, [Member("nadia-haddad", roles=(INSTRUCTOR,), given_name="Nadia", family_name="Él-Haddad"),
                Member("yasmine-benali")], later=timedelta(seconds=1))  # fmt: skip
    assert _keys(db, "nadia-haddad") == ["el-haddad nadia", "el-haddad nadia"]  # Roubaix and Lille
    person = db.scalars(select(User).where(User.sub == "yasmine-benali")).one()
    assert person.name == "Yasmine Benali" and _keys(db, "yasmine-benali") == ["yasmine benali"]


def test_a_person_or_membership_made_by_a_launch_during_the_sync_is_kept_as_it_is(visit, db, monkeypatch) -> None:
    """A first launch may create the person and the membership between the sync's look-up and its insert: the
    batch skips those rows (ON CONFLICT DO NOTHING), finds them again, and counts only what it made."""
    visit("ines-belkacem")
    course = _course(db)
    looked_up = sync._stored_people

    def a_launch_meanwhile(session, lms_id, subs):
        found = looked_up(session, lms_id, subs)
        if "yasmine-benali" in subs and "yasmine-benali" not in found:
            [user] = session.execute(insert(User).returning(User.id), [{"lms_id": lms_id, "sub": "yasmine-benali",
                                                                        "name": "Yasmine B."}]).scalars()  # fmt: skip
            session.execute(insert(Membership), [{"context_id": course.id, "user_id": user, "roles": [],
                                                  "entry_date": date(2026, 11, 2), "name_key": "yasmine b."}])  # fmt: skip
        return found

    monkeypatch.setattr(sync, "_stored_people", a_launch_meanwhile)
    applied = _apply(db, [Member("ines-belkacem"), Member("yasmine-benali", name="Yasmine Benali"),
                          Member("dylan-carpentier")])  # fmt: skip
    assert (applied.new_people, applied.new_members) == (1, 1)  # Dylan; Yasmine was made by the launch
    yasmine = _member(db, "yasmine-benali")
    assert yasmine.entry_date == date(2026, 11, 2) and not yasmine.entry_date_estimated
    assert yasmine.first_launch_at is not None and yasmine.roster_seen_at is not None
    assert yasmine.name_key == "yasmine benali"  # the roster's name, on the launch's membership


def _keys(db, sub: str) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(Membership.name_key).join(User).where(User.sub == sub).order_by(Membership.id)))
