"""Issue 13, points 4 and 9: the alerts that depend on the clock, set by the worker's pass over a course (its clock
chosen here), counted from each learner's own entry; a page seen ends them at once; the course's figures are
stored by the same pass and the page reads them; a course is looked at when something changed there, or hourly."""
from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import requests
from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue
from lms_service.db import utcnow
from lms_service.grades.worker import run
from lms_service.models import COMPLETED, Context, CourseFigures, Membership, ModuleProgress, User
from lms_service.risk.course_pass import AFTER_ACTIVITY, EVERY, due_courses, mark_changed
from lms_service.risk.reasons import INACTIVE, NOT_STARTED

from .conftest import never_launched, reasons, started

NOW = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)  # noon in Paris
TODAY = date(2026, 11, 30)


def _roubaix(db) -> Context:
    db.expire_all()
    return db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()


def test_silence_counts_seven_days_and_not_starting_three_days_from_each_one_s_entry(make, db, refresh) -> None:
    course = make.course()
    cases = {  # name: (facts, a module started) -> the reasons expected
        "Silencieuse depuis 8 jours": ({"last_activity_at": NOW - timedelta(days=8)}, True, INACTIVE),
        "Silencieux depuis 6 jours": ({"last_activity_at": NOW - timedelta(days=6, hours=23)}, True, 0),
        "Entrée il y a 4 jours": ({"entry_date": TODAY - timedelta(days=4)}, False, NOT_STARTED),
        "Entrée il y a 3 jours": ({"entry_date": TODAY - timedelta(days=3)}, False, NOT_STARTED),
        "Entré il y a 2 jours": ({"entry_date": TODAY - timedelta(days=2)}, False, 0),
        "Jamais venue, entrée il y a 4 jours": ({"entry_date": TODAY - timedelta(days=4)}, False, NOT_STARTED),
        "Partie du cours": ({"entry_date": TODAY - timedelta(days=20), "last_activity_at": NOW - timedelta(days=15),
                             "left_at": NOW - timedelta(days=1), "risk_reasons": INACTIVE}, False, 0),  # fmt: skip
        "Entrée et silencieuse": ({"entry_date": TODAY - timedelta(days=20),
                                   "last_activity_at": NOW - timedelta(days=10)}, False, NOT_STARTED | INACTIVE),  # fmt: skip
    }
    ids = {}
    for name, (facts, begun, _) in cases.items():
        member = make.member(course, name, **({"entry_date": TODAY - timedelta(days=20)} | facts))
        if begun:
            started(db, member)
        if name.startswith("Jamais"):
            never_launched(db, member)
        ids[name] = member.id
    tutor = make.member(course, "Tutrice du cours", tutor=True, entry_date=TODAY - timedelta(days=30))
    db.commit()
    assert refresh(NOW) == 1
    assert {name: reasons(db, i) for name, i in ids.items()} == {name: case[2] for name, case in cases.items()}
    assert reasons(db, tutor.id) == 0
    assert refresh(NOW + timedelta(seconds=30)) == 0  # looked at: not again until something happens


def test_the_roster_s_never_launched_are_not_started_three_days_after_the_read_and_a_page_seen_clears_at_once(
    app, visit, make, db, refresh, see_page
) -> None:  # fmt: skip
    """Kévin launched and read nothing; Yasmine, Dylan, Amandine and Rachid are only on the roster (read by the
    worker from the dev platform): the day of the read is their entry. Inès read a page."""
    visit("ines-belkacem")
    kevin = visit("kevin-dufour")
    visit("nadia-haddad")
    assert run(app, owner="worker-1", stop=threading.Event(), once=True, columns=False).rosters == 1
    course = _roubaix(db)
    learners = dict(db.execute(select(User.sub, Membership.id).join(Membership.user)
                               .where(Membership.context_id == course.id, Membership.is_learner.is_(True))).all())  # fmt: skip
    never = {"yasmine-benali", "dylan-carpentier", "amandine-lefort", "rachid-ouali"}
    assert never < set(learners)
    ines = db.get(Membership, learners["ines-belkacem"])
    see_page(make.token(ines))
    now = utcnow()
    db.execute(update(CourseFigures).values(computed_at=now - 2 * EVERY))  # whatever the worker did: due now
    db.commit()

    refresh(now + timedelta(days=2), every=True)
    assert {sub: reasons(db, i) for sub, i in learners.items()} == dict.fromkeys(learners, 0)
    refresh(now + timedelta(days=4), every=True)
    assert {sub: reasons(db, i) for sub, i in learners.items()} == {
        sub: 0 if sub == "ines-belkacem" else NOT_STARTED for sub in learners}
    refresh(now + timedelta(days=8), every=True)
    assert reasons(db, learners["ines-belkacem"]) == INACTIVE
    assert reasons(db, learners["yasmine-benali"]) == NOT_STARTED  # never active: not « silent », never started

    see_page(kevin.token)  # the real page, with the token of Kévin's launch
    see_page(make.token(ines))
    assert reasons(db, learners["kevin-dufour"]) == 0 and reasons(db, learners["ines-belkacem"]) == 0
    nadia = visit("nadia-haddad")  # each looked for by name: the shared platform may hold others' enrolments
    to_call = {name: nadia.get(f"/tutor/?vue=tous&statut=risque&q={name}").text for name in ("Yasmine", "Kévin", "Inès")}
    assert ">Yasmine Benali</a>" in to_call["Yasmine"] and ">Kévin Dufour</a>" not in to_call["Kévin"]
    assert ">Inès Belkacem</a>" not in to_call["Inès"]
    assert "Aucun module commencé 3 jours après l&#39;entrée" in to_call["Yasmine"]


def test_a_page_seen_clears_silence_and_not_starting_together(make, db, refresh, see_page) -> None:
    member = make.member(make.course(), "Entrée et silencieuse", entry_date=utcnow().date() - timedelta(days=20),
                         last_activity_at=utcnow() - timedelta(days=10))  # fmt: skip
    db.commit()
    refresh(utcnow())
    assert reasons(db, member.id) == NOT_STARTED | INACTIVE
    see_page(make.token(member))
    assert reasons(db, member.id) == 0
    refresh(utcnow() + AFTER_ACTIVITY + timedelta(seconds=1))  # the worker's next look agrees
    assert reasons(db, member.id) == 0


def test_the_pass_stores_the_course_s_figures_and_the_page_shows_them(app, make, db, refresh, tool_server) -> None:
    course, now = make.course(), utcnow()
    with app.app_context():
        nursery = sorted(get_catalogue().nursery())
    recent = {"entry_date": now.date() - timedelta(days=20), "last_activity_at": now - timedelta(days=1)}
    active = make.member(course, "Active", **recent)
    started(db, active)
    done = make.member(course, "Nurserie finie", **recent)
    for slug in nursery:
        db.add(ModuleProgress(membership_id=done.id, module_slug=slug, status=COMPLETED, pages_seen=1, pages_total=1,
                              seconds_spent=60, started_at=now, completed_at=now, updated_at=now))  # fmt: skip
    never_launched(db, make.member(course, "Jamais venu"))  # entered two weeks ago: not started
    silent = make.member(course, "Silencieux", entry_date=now.date() - timedelta(days=20),
                         last_activity_at=now - timedelta(days=9))  # fmt: skip
    started(db, silent)
    make.member(course, "Partie", left_at=now - timedelta(days=2), last_activity_at=now - timedelta(days=1))
    tutor = make.member(course, "Référente", tutor=True, last_activity_at=now)
    never_launched(db, make.member(make.course("Un autre cours"), "Ailleurs"))
    db.commit()
    refresh(now)
    db.expire_all()
    figures = db.get(CourseFigures, course.id)
    assert (figures.learners, figures.active, figures.never_connected, figures.nursery_done, figures.at_risk) == (
        4, 2, 1, 1, 2)
    assert figures.changed_at is None and figures.computed_at is not None
    assert db.get(Membership, done.id).nursery_done_at is not None and db.get(Membership, active.id).nursery_done_at is None
    page = requests.get(f"{tool_server.url}/tutor/?vue=tous&lt={make.token(tutor)}", timeout=10).text
    shown = page.split('class="figure-list"')[1].split("</ul>")[0]
    for figure in ("<strong>4</strong> inscrits", "<strong>2</strong> actifs ces 7 derniers jours",
                   "<strong>1</strong> sans aucune connexion", "<strong>1</strong> nurserie terminée",
                   "<strong>2</strong> à appeler"):  # fmt: skip
        assert figure in shown, figure


def test_a_course_is_looked_at_a_minute_after_activity_after_a_roster_read_a_change_or_hourly(make, db, refresh) -> None:
    """Each change a few seconds after the course's last look: not due within the minute, due after it."""
    course, other = make.course(), make.course("Un cours calme")
    learner = make.member(course, "Apprenante")
    db.commit()
    assert refresh(NOW) == 2  # never counted: both at once
    assert refresh(NOW + timedelta(seconds=30)) == 0  # fresh, nothing happened

    def due(at: datetime) -> set[int]:
        db.commit()
        return {context_id for context_id, _ in due_courses(db, at, 10)}

    changes = (
        lambda at: db.execute(update(Membership).where(Membership.id == learner.id).values(last_activity_at=at)),
        lambda at: db.execute(update(Context).where(Context.id == course.id).values(roster_synced_at=at)),
        lambda at: mark_changed(db, course.id, at),  # a learner's facts changed
    )
    looked = NOW
    for change in changes:
        change(looked + timedelta(seconds=5))
        assert due(looked + timedelta(seconds=30)) == set()
        assert due(looked + AFTER_ACTIVITY + timedelta(seconds=1)) == {course.id}
        looked += AFTER_ACTIVITY + timedelta(seconds=1)
        assert refresh(looked) == 1 and due(looked + timedelta(seconds=30)) == set()
    assert due(NOW + EVERY - timedelta(seconds=1)) == set()
    assert due(NOW + EVERY + timedelta(seconds=1)) == {other.id}  # counted over an hour ago, whatever happened
    assert refresh(looked + EVERY + timedelta(seconds=1)) == 2 and due(looked + EVERY + timedelta(seconds=2)) == set()
