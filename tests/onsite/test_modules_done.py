"""Issue 14, point 1: a module done on site counts as completed — in the learner's progress, their alerts and the
nursery's completion — says who marked it and when, sends no score to the LMS, and can be undone (a module the
learner completed online cannot)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select, update

from lms_service.content import get_catalogue
from lms_service.db import as_utc, utcnow
from lms_service.models import AuditEvent, Membership, ModuleProgress
from lms_service.models.audit import READ_LEARNER
from lms_service.risk.reasons import NOT_STARTED

from .conftest import errors_of, noon_utc, outbox, paris_today, reasons

MODULE = "confiance-en-soi"  # a soft-skills module of the nursery, with a quiz to pass online


def _page(member) -> str:
    return f"/tutor/learners/{member.id}/presences"


def _mark(module: str = MODULE, day=None) -> dict[str, str]:
    return {"action": "fait", "module": module, "done_on": (day or paris_today()).isoformat()}


def _rows(db, member) -> dict[str, tuple]:
    db.expire_all()
    rows = db.scalars(select(ModuleProgress).where(ModuleProgress.membership_id == member.id))
    return {r.module_slug: (r.status, r.onsite_by_id, r.completed_at and as_utc(r.completed_at), r.pages_seen)
            for r in rows}  # fmt: skip


def _nursery_done(db, member):
    db.expire_all()
    return db.scalar(select(Membership.nursery_done_at).where(Membership.id == member.id))


def test_a_module_done_on_site_is_completed_attributed_and_sends_no_score(course, desk, db, refresh) -> None:
    ines = course.learners[0]
    refresh(utcnow(), every=True)
    assert reasons(db, ines.id) & NOT_STARTED  # a month in, nothing begun
    day = paris_today() - timedelta(days=2)
    before = utcnow()

    answer = desk(course.tutor).post(_page(ines), _mark(day=day))

    assert answer.status_code == 303 and "enregistre=1" in answer.headers["Location"]
    db.expire_all()
    row = db.scalars(select(ModuleProgress).where(ModuleProgress.membership_id == ines.id)).one()
    assert (row.module_slug, row.status, row.onsite_by_id) == (MODULE, "completed", course.tutor.id)
    assert as_utc(row.completed_at) == noon_utc(day) and as_utc(row.started_at) == noon_utc(day)
    assert before <= as_utc(row.onsite_at) <= utcnow()
    assert not reasons(db, ines.id) & NOT_STARTED  # begun, at once
    assert outbox(db) == 0  # no score waits for the LMS
    page = unescape(desk(course.tutor).get(answer.headers["Location"].replace(desk(course.tutor).base, "")).text)
    assert "Modifications enregistrées." in page
    assert "Fait sur place le" in page and "noté par Nadia Haddad le" in page
    learner_page = unescape(desk(course.tutor).get(f"/tutor/learners/{ines.id}").text)
    assert "Terminé le" in learner_page  # the référent's learner page counts it completed


def test_the_module_that_completes_the_nursery_completes_it_and_its_undoing_reopens_it(app, course, desk, db,
                                                                                         make) -> None:  # fmt: skip
    ines = course.learners[0]
    with app.app_context():
        nursery = sorted(get_catalogue().nursery())
    for slug in nursery:
        if slug != MODULE:
            make.progress(ines, slug, 3, 3)
    db.commit()
    nadia = desk(course.tutor)

    assert nadia.post(_page(ines), _mark()).status_code == 303
    assert _nursery_done(db, ines) is not None

    assert nadia.post(_page(ines), {"action": "annuler", "module": MODULE}).status_code == 303
    assert MODULE not in _rows(db, ines)  # the mark had made the row alone: it goes
    assert _nursery_done(db, ines) is None
    assert outbox(db) == 0


def test_undoing_a_mark_gives_back_what_the_learner_read_online(course, desk, db, make) -> None:
    ines = course.learners[0]
    make.progress(ines, MODULE, 2, 4)
    db.commit()
    nadia = desk(course.tutor)
    assert nadia.post(_page(ines), _mark()).status_code == 303
    assert _rows(db, ines)[MODULE][:2] == ("completed", course.tutor.id)
    assert nadia.post(_page(ines), {"action": "annuler", "module": MODULE}).status_code == 303
    assert _rows(db, ines)[MODULE] == ("in_progress", None, None, 2)


def test_a_module_completed_online_is_neither_marked_nor_undone(course, desk, db, make) -> None:
    ines = course.learners[0]
    make.progress(ines, MODULE, 4, 4)  # read and done online
    db.commit()
    before = _rows(db, ines)
    nadia = desk(course.tutor)
    for form in (_mark(), {"action": "annuler", "module": MODULE}):
        answer = nadia.post(_page(ines), form)
        assert answer.status_code == 400
        assert "terminé en ligne" in unescape(errors_of(answer))
    assert _rows(db, ines) == before


def test_a_mark_the_learner_then_completes_online_cannot_be_undone(course, desk, db) -> None:
    ines = course.learners[0]
    nadia = desk(course.tutor)
    assert nadia.post(_page(ines), _mark()).status_code == 303
    db.execute(update(ModuleProgress).where(ModuleProgress.membership_id == ines.id)
               .values(pages_seen=4, pages_total=4, answered_at=utcnow()))  # fmt: skip
    db.commit()
    answer = nadia.post(_page(ines), {"action": "annuler", "module": MODULE})
    assert answer.status_code == 400 and "terminé en ligne" in unescape(errors_of(answer))
    assert _rows(db, ines)[MODULE][:2] == ("completed", course.tutor.id)


@pytest.mark.parametrize("form, named", [
    ({"done_on": "tomorrow"}, "« Fait le » : pas après le"),
    ({"done_on": "before entry"}, "« Fait le » : pas avant le"),
    ({"done_on": "31/11/2026"}, "« Fait le » : une date (jour, mois, année)"),
    ({"done_on": ""}, "« Fait le » : indiquez une date"),
    ({"module": "pas-un-module"}, "Choisissez un module"),
    ({"module": ""}, "Choisissez un module"),
    ({"action": "annuler"}, "rien à annuler"),
])  # fmt: skip
def test_a_wrong_mark_is_named_and_nothing_is_saved(course, desk, db, form, named) -> None:
    ines = course.learners[0]
    sent = _mark() | form
    if sent["done_on"] == "tomorrow":
        sent["done_on"] = (paris_today() + timedelta(days=1)).isoformat()
    if sent["done_on"] == "before entry":
        sent["done_on"] = (ines.entry_date - timedelta(days=1)).isoformat()
    answer = desk(course.tutor).post(_page(ines), sent)
    assert answer.status_code == 400
    assert named in unescape(errors_of(answer))
    assert _rows(db, ines) == {} and outbox(db) == 0


def test_an_action_no_page_sends_is_a_400(course, desk, db) -> None:
    ines = course.learners[0]
    assert desk(course.tutor).post(_page(ines), _mark() | {"action": "effacer"}).status_code == 400
    assert _rows(db, ines) == {}


def test_the_first_day_it_may_be_marked_is_the_entry(course, desk, db) -> None:
    ines = course.learners[0]
    assert desk(course.tutor).post(_page(ines), _mark(day=ines.entry_date)).status_code == 303
    assert _rows(db, ines)[MODULE][2] == noon_utc(ines.entry_date)


def test_the_learner_s_page_lists_their_sessions_newest_first(course, desk, db) -> None:
    ines, kevin, _ = course.learners
    nadia = desk(course.tutor)
    for days, label, status in ((5, "Atelier CV", "present"), (1, "Visite", "excused"), (3, "Simulation", "absent")):
        day = (paris_today() - timedelta(days=days)).isoformat()
        form = {"held_on": day, "label": label, f"presence-{ines.id}": status, f"presence-{kevin.id}": "present"}
        assert nadia.post("/tutor/presences/nouvelle", form).status_code == 303
    page = unescape(nadia.get(_page(ines)).text)
    table = page.split('id="seances"')[1].split("</table>")[0]
    assert [label for label in ("Visite", "Simulation", "Atelier CV") if label in table] == ["Visite", "Simulation",
                                                                                              "Atelier CV"]  # fmt: skip
    assert table.index("Visite") < table.index("Simulation") < table.index("Atelier CV")
    assert "Absence excusée" in table and "Absence" in table and "Présence" in table
    db.expire_all()
    read = db.scalars(select(AuditEvent).where(AuditEvent.action == READ_LEARNER)).one()  # a learner's page read
    assert (read.actor_id, read.subject_id, read.what) == (course.tutor.id, ines.id, "presences")
