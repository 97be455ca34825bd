"""A tutor's launch asks for the roster; the worker reads it from the dev platform (every page, over HTTP)
and the list shows the learners who never launched — never read in the web request itself."""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from devplatform.seed import LILLE, ROUBAIX
from lms_service.db import utcnow
from lms_service.grades.worker import run
from lms_service.models import Context, Membership, ResourceLink, User
from lms_service.roster import reading
from lms_service.roster.reading import read_due_rosters

LILLE_NEVER_LAUNCHED = {"laura-dubois", "maxime-leclercq", "fatou-ndiaye"}

NEVER = 'class="badge">Aucune connexion<'  # the list's mark for someone never connected


def _lille(db) -> Context:
    db.expire_all()
    return db.scalars(select(Context).where(Context.lti_context_id == LILLE)).one()


def test_a_tutor_s_launch_asks_for_the_roster_and_the_worker_reads_it(app, visit, db) -> None:
    tutor = visit("nadia-haddad", LILLE)
    course = _lille(db)
    assert course.roster_requested_at is not None and course.roster_synced_at is None  # asked, not read in the launch
    assert NEVER not in tutor.get("/tutor/?vue=tous").text
    done = run(app, owner="worker-1", stop=threading.Event(), once=True, columns=False)
    assert done.rosters == 1
    course = _lille(db)
    assert course.roster_synced_at is not None and course.roster_error is None and course.roster_lease_owner is None
    subs = set(db.scalars(select(User.sub).join(Membership).where(Membership.context_id == course.id,
                                                                  Membership.first_launch_at.is_(None))))  # fmt: skip
    assert LILLE_NEVER_LAUNCHED <= subs
    listing = tutor.get("/tutor/?vue=tous").text
    assert listing.count(NEVER) >= len(LILLE_NEVER_LAUNCHED) and "(estimée)" in listing
    assert run(app, owner="worker-1", stop=threading.Event(), once=True, columns=False).rosters == 0  # read: not due again


def test_a_roster_the_lms_refuses_is_tried_again_later_not_at_every_round(app, visit, platform_server, db) -> None:
    visit("nadia-haddad", LILLE)
    course = _lille(db)
    gone = f"{platform_server.url}/api/contexts/cours-disparu/memberships"  # the LMS answers 404
    db.execute(update(ResourceLink).where(ResourceLink.context_id == course.id).values(nrps_url=gone))
    db.commit()
    first = run(app, owner="worker-1", stop=threading.Event(), once=True, columns=False)
    course = _lille(db)
    assert first.rosters == 1 and course.roster_error and course.roster_synced_at is None
    assert course.roster_lease_owner is None and course.roster_lease_until is not None  # the wait before the next try
    assert run(app, owner="worker-1", stop=threading.Event(), once=True, columns=False).rosters == 0


def test_a_roster_of_another_course_is_not_stored(app, visit, platform, db) -> None:
    """A placement whose roster URL names another course (a course copied in the LMS): nobody joins, nobody leaves."""
    visit("nadia-haddad", LILLE)
    course = _lille(db)
    before = db.scalars(select(Membership.id).where(Membership.context_id == course.id)).all()
    other = platform.urls.memberships(ROUBAIX)
    db.execute(update(ResourceLink).where(ResourceLink.context_id == course.id).values(nrps_url=other))
    db.commit()
    run(app, owner="worker-1", stop=threading.Event(), once=True, columns=False)
    course = _lille(db)
    assert course.roster_error and course.roster_error.startswith("course") and course.roster_synced_at is None
    assert db.scalars(select(Membership.id).where(Membership.context_id == course.id)).all() == before


def test_flask_roster_sync_reads_one_course_at_once_even_after_a_failed_read(app, visit, db) -> None:
    visit("nadia-haddad", LILLE)
    course = _lille(db)
    db.execute(update(Context).where(Context.id == course.id).values(  # read an hour ago, then a failure's wait
        roster_synced_at=None, roster_lease_until=utcnow() + timedelta(minutes=10), roster_error="HTTP 503"))
    db.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["roster", "sync", "--course", str(course.id)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"cours {course.id} : ") and "complet" in result.output
    assert _lille(db).roster_error is None
    unknown = runner.invoke(args=["roster", "sync", "--course", "999999"])
    assert unknown.exit_code != 0 and "inconnu" in unknown.output


def _paged_by_three(db, base: str) -> Context:
    """Lille's roster (eight members) at `base`, read three at a time (see `by_three`): three pages."""
    course = _lille(db)
    db.execute(update(ResourceLink).where(ResourceLink.context_id == course.id)
               .values(nrps_url=f"{base}/api/contexts/{LILLE}/memberships"))  # fmt: skip
    db.commit()
    return course


@pytest.fixture(autouse=True)
def by_three(monkeypatch) -> None:
    """The worker asks three members a page (1,000 in production): the dev platform's courses have eight."""
    monkeypatch.setattr(reading, "PAGE", 3)


@pytest.fixture
def pages_seen(app, platform, monkeypatch):
    """Each page the dev platform serves notes the course's lease as the tool's database holds it then;
    `pages_seen.then` runs at a page (a stop, another worker), by its number."""

    class Pages(list):
        def __init__(self) -> None:
            super().__init__()
            self.then: dict[int, Callable[[], None]] = {}

    seen = Pages()
    served = platform.members

    def members(context_id: str):
        with app.extensions["db"]() as db:
            seen.append(db.execute(select(Context.roster_lease_owner, Context.roster_lease_until)
                                   .where(Context.lti_context_id == context_id)).one())  # fmt: skip
        seen.then.get(len(seen), lambda: None)()
        return served(context_id)

    monkeypatch.setattr(platform, "members", members)
    return seen


def test_a_long_read_renews_its_lease_after_each_page(app, visit, platform, pages_seen, db) -> None:
    """Issue 13 review, point 2: a slow LMS with many pages must not lose the course to another worker."""
    visit("nadia-haddad", LILLE)
    course = _paged_by_three(db, platform.urls.base)
    [read] = read_due_rosters(app.extensions["db"], "worker-1", stop=threading.Event())
    assert read.problem is None and read.applied is not None and read.applied.seen == 8
    assert [owner for owner, _ in pages_seen] == ["worker-1"] * 3
    leases = [until for _, until in pages_seen]
    assert leases[0] < leases[1] < leases[2]  # renewed after each page, before the next is asked
    assert _lille(db).roster_synced_at is not None and _lille(db).roster_lease_owner is None
    assert course.id == _lille(db).id


def test_a_worker_asked_to_stop_stops_between_pages_and_stores_nothing(app, visit, platform, pages_seen, db) -> None:
    """SIGTERM during a long read: no next page is asked, nothing is stored (nobody joins, nobody leaves), and
    the course is given back as due as it was, with no error and no wait."""
    visit("nadia-haddad", LILLE)
    course = _paged_by_three(db, platform.urls.base)
    before = set(db.scalars(select(Membership.id).where(Membership.context_id == course.id)))
    stop = threading.Event()
    pages_seen.then = {1: stop.set}
    [read] = read_due_rosters(app.extensions["db"], "worker-1", stop=stop)
    assert len(pages_seen) == 1 and read.applied is None and read.problem.startswith("stopped")
    course = _lille(db)
    assert (course.roster_lease_owner, course.roster_lease_until, course.roster_error, course.roster_synced_at) == (
        None, None, None, None)
    assert set(db.scalars(select(Membership.id).where(Membership.context_id == course.id))) == before
    assert read_due_rosters(app.extensions["db"], "worker-1", stop=stop) == []  # a stopping worker takes no course
    [again] = read_due_rosters(app.extensions["db"], "worker-2")  # due at once for the next worker
    assert again.problem is None and len(pages_seen) == 4


def test_a_read_whose_lease_another_worker_took_stops_and_stores_nothing(app, visit, platform, pages_seen, db) -> None:
    visit("nadia-haddad", LILLE)
    course = _paged_by_three(db, platform.urls.base)

    def taken_over() -> None:
        with app.extensions["db"]() as other, other.begin():
            other.execute(update(Context).where(Context.id == course.id).values(roster_lease_owner="worker-2"))

    pages_seen.then = {2: taken_over}
    [read] = read_due_rosters(app.extensions["db"], "worker-1")
    assert len(pages_seen) == 2 and read.applied is None and read.problem.startswith("stopped")
    course = _lille(db)
    assert course.roster_lease_owner == "worker-2" and course.roster_synced_at is None  # the other's lease, untouched


def test_a_next_page_on_another_site_is_refused_and_nobody_is_marked_left(app, visit, platform, platform_server,
                                                                           db) -> None:  # fmt: skip
    """The first page asked at 127.0.0.1 names its next page at localhost (the platform's own name): another
    origin, so the token would go elsewhere; the read is incomplete and its three members mark nobody left."""
    visit("nadia-haddad", LILLE)
    visit("maxime-leclercq", LILLE)  # a learner who launched, listed on the second page
    course = _paged_by_three(db, platform_server.url.replace("localhost", "127.0.0.1"))
    [read] = read_due_rosters(app.extensions["db"], "worker-1")
    assert read.applied is not None and read.applied.seen == 3 and read.applied.left == 0
    assert "another site" in read.problem
    course = _lille(db)
    assert course.roster_error == read.problem and course.roster_synced_at is None
    assert db.scalars(select(Membership.id).where(Membership.context_id == course.id,
                                                  Membership.left_at.is_not(None))).all() == []  # fmt: skip
