"""Storing the LMS's roster: members who never launched, left only after a complete read, back when listed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.db import utcnow
from lms_service.models import Context, Membership, User
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
