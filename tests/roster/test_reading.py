"""A tutor's launch asks for the roster; the worker reads it from the dev platform (every page, over HTTP)
and the list shows the learners who never launched — never read in the web request itself."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select, update

from devplatform.seed import LILLE, ROUBAIX
from lms_service.db import utcnow
from lms_service.grades.worker import run
from lms_service.models import Context, Membership, ResourceLink, User

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
