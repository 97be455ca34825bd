"""Issue 14, point 1: a référent records a session on site — its day, its label, several learners at once, each
present, absent or excused and attributed — and a presence counts as the learner's activity for the alerts.

Everything goes through the tool's real HTTP pages with the launch's CSRF token; the
worker's pass (refresh) sets the alerts a presence must clear.
"""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select, update

from lms_service.db import as_utc, utcnow
from lms_service.models import Membership
from lms_service.models.onsite import OnsiteSession
from lms_service.risk.reasons import INACTIVE

from ..risk.conftest import started
from .conftest import errors_of, last_activity, noon_utc, outbox, paris_today, reasons, saved

NEW = "/tutor/presences/nouvelle"


def _sheet(day, label: str, marks: dict[int, str]) -> list[tuple[str, str]]:
    return [("held_on", day.isoformat()), ("label", label), *((f"presence-{m}", s) for m, s in marks.items())]


def _session_id(answer) -> int:
    assert answer.status_code == 303, answer.text[:500]
    found = re.search(r"/tutor/presences/(\d+)\?", answer.headers["Location"])
    assert found and "enregistre=1" in answer.headers["Location"]
    return int(found.group(1))


def test_a_session_records_three_learners_at_once_with_the_three_statuses(course, desk, db) -> None:
    ines, kevin, elodie = course.learners
    nadia = desk(course.tutor)
    yesterday = paris_today() - timedelta(days=1)
    before = utcnow()

    session_id = _session_id(nadia.post(NEW, _sheet(yesterday, "  Atelier   CV ", {
        ines.id: "present", kevin.id: "absent", elodie.id: "excused"})))  # fmt: skip

    db.expire_all()
    session = db.get(OnsiteSession, session_id)
    assert (session.context_id, session.held_on, session.label, session.created_by_id) == (
        course.course.id, yesterday, "Atelier CV", course.tutor.id)  # fmt: skip
    assert saved(db) == (1, [(session_id, ines.id, "present", course.tutor.id),
                             (session_id, kevin.id, "absent", course.tutor.id),
                             (session_id, elodie.id, "excused", course.tutor.id)])  # fmt: skip
    page = unescape(nadia.get(f"/tutor/presences/{session_id}?enregistre=1").text)
    assert "Présences enregistrées." in page and "Atelier CV" in page
    assert page.count("Noté par Nadia Haddad le") == 3
    for member, status in ((ines, "present"), (kevin, "absent"), (elodie, "excused")):
        assert re.search(rf'name="presence-{member.id}" value="{status}" checked', page), status
    listing = unescape(nadia.get("/tutor/presences").text)
    row = listing.split('id="seances"')[1]
    assert re.search(r">Atelier CV</a></th>\s*<td[^>]*>[^<]+</td>\s*<td[^>]*>1</td>\s*<td[^>]*>1</td>\s*<td[^>]*>1</td>", row)
    assert before <= as_utc(db.get(OnsiteSession, session_id).created_at) <= utcnow()
    assert outbox(db) == 0  # a presence is no score for the LMS


def test_a_presence_is_activity_that_clears_the_inactive_alert_an_absence_is_not(course, desk, db, refresh) -> None:
    ines, kevin, elodie = course.learners
    long_ago = utcnow() - timedelta(days=20)
    for member in (ines, kevin):
        started(db, member)  # a module begun long ago: only the silence is left to alert on
        db.execute(update(Membership).where(Membership.id == member.id).values(last_activity_at=long_ago))
    recent = utcnow() - timedelta(hours=1)
    db.execute(update(Membership).where(Membership.id == elodie.id).values(last_activity_at=recent))
    db.commit()
    refresh(utcnow(), every=True)
    assert reasons(db, ines.id) & INACTIVE and reasons(db, kevin.id) & INACTIVE
    two_days_ago = paris_today() - timedelta(days=2)

    _session_id(desk(course.tutor).post(NEW, _sheet(two_days_ago, "Visite d'entreprise", {
        ines.id: "present", kevin.id: "absent", elodie.id: "present"})))  # fmt: skip

    assert last_activity(db, ines) == noon_utc(two_days_ago)  # the session's day, at noon in Paris
    assert not reasons(db, ines.id) & INACTIVE  # at once, not at the worker's next pass
    assert last_activity(db, kevin) == as_utc(long_ago) and reasons(db, kevin.id) & INACTIVE  # an absence is none
    assert last_activity(db, elodie) == recent  # never moved back


def test_a_presence_today_is_never_later_than_now(course, desk, db) -> None:
    ines, noon = course.learners[0], noon_utc(paris_today())
    before = utcnow()
    _session_id(desk(course.tutor).post(NEW, _sheet(paris_today(), "Accueil", {ines.id: "present"})))
    after = utcnow()
    if noon <= before:
        assert last_activity(db, ines) == noon
    else:  # the morning: noon is still to come, the moment of recording stands for it
        assert before <= last_activity(db, ines) <= after


def test_a_session_s_page_changes_statuses_takes_one_off_and_adds_another(course, desk, db, make) -> None:
    ines, kevin, elodie = course.learners
    nadia = desk(course.tutor)
    day = paris_today() - timedelta(days=3)
    session_id = _session_id(nadia.post(NEW, _sheet(day, "Atelier CV", {ines.id: "absent", kevin.id: "present"})))
    julien = make.member(course.course, "Julien Lemaire", tutor=True)
    db.commit()
    page = f"/tutor/presences/{session_id}"
    assert f'name="presence-{elodie.id}"' in desk(julien).get(page).text  # offered: she is not on the session yet

    answer = desk(julien).post(page, {f"presence-{ines.id}": "excused", f"presence-{kevin.id}": "",
                                      f"presence-{elodie.id}": "present"})  # fmt: skip

    assert _session_id(answer) == session_id
    assert saved(db) == (1, [(session_id, ines.id, "excused", julien.id), (session_id, elodie.id, "present", julien.id)])
    assert last_activity(db, kevin) == noon_utc(day)  # his presence, taken back, is still what he did: never lowered


def test_the_same_sheet_sent_twice_fills_one_session(course, desk, db) -> None:
    """A double tap or a reload of the sheet: the same day and label are the same session, not a copy."""
    ines, kevin, _ = course.learners
    nadia = desk(course.tutor)
    day = paris_today()
    first = _session_id(nadia.post(NEW, _sheet(day, "Atelier CV", {ines.id: "present"})))
    again = _session_id(nadia.post(NEW, _sheet(day, "Atelier CV", {ines.id: "absent", kevin.id: "present"})))
    assert first == again
    assert saved(db) == (1, [(first, ines.id, "absent", course.tutor.id), (first, kevin.id, "present", course.tutor.id)])


@pytest.mark.parametrize("change, named", [
    ({"held_on": "tomorrow"}, "« Date de la séance » : pas après le"),
    ({"held_on": "2026-13-45"}, "« Date de la séance » : une date (jour, mois, année)"),
    ({"held_on": ""}, "« Date de la séance » : indiquez une date"),
    ({"held_on": "1999-12-31"}, "« Date de la séance » : pas avant le 1 janv. 2000"),
    ({"held_on": "2" * 5000}, "« Date de la séance » : une date (jour, mois, année)"),
    ({"label": "   "}, "Donnez un nom à la séance"),
    ({"label": "x" * 201}, "au plus 200 caractères"),
    ({"status": "maybe"}, "choisissez : présence, absence"),
    ({"status": ""}, "au moins une personne"),
])  # fmt: skip
def test_a_wrong_sheet_is_named_and_nothing_is_saved(course, desk, db, change, named) -> None:
    ines = course.learners[0]
    before = last_activity(db, ines)
    held_on = change.get("held_on", paris_today().isoformat())
    if held_on == "tomorrow":
        held_on = (paris_today() + timedelta(days=1)).isoformat()
    form = [("held_on", held_on), ("label", change.get("label", "Atelier CV")),
            (f"presence-{ines.id}", change.get("status", "present"))]  # fmt: skip

    answer = desk(course.tutor).post(NEW, form)

    assert answer.status_code == 400
    assert named in unescape(errors_of(answer))
    assert 'name="label"' in answer.text  # the sheet comes back to be corrected
    assert saved(db) == (0, []) and last_activity(db, ines) == before


def test_a_label_of_200_characters_is_kept_whole(course, desk, db) -> None:
    label = "é" * 200
    _session_id(desk(course.tutor).post(NEW, _sheet(paris_today(), label, {course.learners[0].id: "present"})))
    assert db.scalars(select(OnsiteSession.label)).one() == label


@pytest.mark.parametrize("field", ["presence-abc", "presence-", "presence-99999999999", "presence-١٢"])
def test_a_field_no_page_writes_is_a_400(course, desk, db, field) -> None:
    answer = desk(course.tutor).post(NEW, [*_sheet(paris_today(), "Atelier", {course.learners[0].id: "present"}),
                                           (field, "present")])  # fmt: skip
    assert answer.status_code == 400 and saved(db) == (0, [])


def test_a_learner_of_another_course_or_not_a_learner_makes_the_whole_sheet_a_404(course, desk, db, make) -> None:
    ines = course.learners[0]
    stranger = make.member(make.course("Nurserie Lille"), "Sarah Lefebvre")
    left = make.member(course.course, "Parti Ailleurs", left_at=utcnow())
    db.commit()
    nadia = desk(course.tutor)
    for other in (stranger.id, course.tutor.id, left.id, 2_000_000_000):
        answer = nadia.post(NEW, _sheet(paris_today(), "Atelier", {ines.id: "present", other: "present"}))
        assert answer.status_code == 404, other
        assert "Sarah" not in answer.text
    assert saved(db) == (0, []) and last_activity(db, ines) is None


def test_a_session_holds_at_most_200_learners(course, desk, db, make) -> None:
    """300 learners marked at once: refused whole (a sheet offers 200); more fields than a page writes too."""
    many = [make.member(course.course, f"Apprenant {n:03}").id for n in range(300)]
    db.commit()
    nadia = desk(course.tutor)
    answer = nadia.post(NEW, _sheet(paris_today(), "Grand amphi", dict.fromkeys(many, "present")))
    assert answer.status_code == 400 and "au plus 200 personnes" in unescape(errors_of(answer))
    fields = _sheet(paris_today(), "Grand amphi", dict.fromkeys(range(1, 402), ""))
    assert nadia.post(NEW, fields).status_code == 400
    assert saved(db) == (0, [])
    assert _session_id(nadia.post(NEW, _sheet(paris_today(), "Grand amphi", dict.fromkeys(many[:200], "present"))))
    session_id = db.scalars(select(OnsiteSession.id)).one()
    answer = nadia.post(f"/tutor/presences/{session_id}", {f"presence-{many[200]}": "present"})
    assert answer.status_code == 400 and len(saved(db)[1]) == 200


def test_the_sheet_offers_the_referent_s_own_learners_first_and_finds_others_by_name(course, desk, db) -> None:
    ines, kevin, elodie = course.learners
    nadia = desk(course.tutor)
    sheet = unescape(nadia.get("/tutor/presences").text)
    mine = sheet.split("Les personnes que vous suivez")[1]
    assert f'name="presence-{ines.id}"' in mine and f'name="presence-{kevin.id}"' not in sheet
    assert "Proposer aussi les autres personnes du cours" in sheet
    found = unescape(nadia.get("/tutor/presences?q=ELODIE").text)  # accents and case folded, as on the dashboard
    assert f'name="presence-{elodie.id}"' in found and f'name="presence-{kevin.id}"' not in found
    everyone = nadia.get("/tutor/presences?tous=1").text
    assert all(f'name="presence-{m.id}"' in everyone for m in course.learners)
    for wildcard in ("%25", "_", "%5C"):  # LIKE's own characters are searched as they are: nobody has them
        assert f'name="presence-{kevin.id}"' not in nadia.get(f"/tutor/presences?q={wildcard}").text, wildcard


def test_the_sheet_s_name_search_comes_before_its_fields(course, desk) -> None:
    """A search is a GET that keeps nothing typed: it sits above the day, the label and the ticks (first in the
    page's order, for the eyes and the keyboard alike), and says to search first."""
    page = unescape(desk(course.tutor).get("/tutor/presences").text)
    sheet = page.split('id="nouvelle"')[1]
    search, post = sheet.index('role="search"'), sheet.index('<form method="post"')
    assert search < post < sheet.index('name="held_on"') < sheet.index('name="label"') < sheet.index('type="radio"')
    assert sheet.index("</form>") < post  # two forms side by side, the search not inside the sheet
    assert "Cherchez d'abord, puis remplissez la feuille" in sheet[:post]


def test_the_pages_cost_the_same_few_queries_for_3_or_60_learners(course, desk, db, make, sql) -> None:
    ines = course.learners[0]
    nadia = desk(course.tutor)
    session_id = _session_id(nadia.post(NEW, _sheet(paris_today(), "Atelier", {m.id: "present" for m in course.learners})))
    pages = ("/tutor/presences?tous=1", f"/tutor/presences/{session_id}?tous=1", f"/tutor/learners/{ines.id}/presences")

    def cost() -> list[int]:
        counts = []
        for path in pages:
            with sql() as seen:
                assert nadia.get(path).status_code == 200
            counts.append(len(seen.statements))
        return counts

    few = cost()
    more = [make.member(course.course, f"Apprenant {n:02}", referent_id=course.tutor.id if n % 2 else None).id
            for n in range(57)]  # fmt: skip
    db.commit()
    assert _session_id(nadia.post(f"/tutor/presences/{session_id}", dict.fromkeys(
        (f"presence-{m}" for m in more[:30]), "absent"))) == session_id  # fmt: skip
    assert cost() == few and max(few) <= 10, few


def test_the_list_is_newest_first_a_page_at_a_time(course, desk, db) -> None:
    start = paris_today() - timedelta(days=40)
    db.add_all(OnsiteSession(context_id=course.course.id, held_on=start + timedelta(days=n // 2), label=f"Séance {n:02}")
               for n in range(65))  # two a day: the same day's sessions are ordered by id  # fmt: skip
    db.commit()
    nadia = desk(course.tutor)
    seen, path = [], "/tutor/presences"
    while True:
        page = unescape(nadia.get(path).text).split('id="seances"')[1]
        labels = re.findall(r">(Séance \d\d)</a></th>", page)
        assert 0 < len(labels) <= 30
        seen += labels
        more = re.search(r'href="(/tutor/presences\?[^"]*avant=[^"]+)"', page)
        if more is None:
            break
        path = more.group(1).replace("&amp;", "&").split("#")[0]
    assert seen == [f"Séance {n:02}" for n in range(64, -1, -1)]
    for forged in ("x", "2026-01-01~", "2026-01-01~99999999999", "2026-1-1~3", "~3"):
        assert nadia.get(f"/tutor/presences?avant={forged}").status_code == 400, forged
