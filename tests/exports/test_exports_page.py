"""Issue 14, point 6: the exports page says what each file holds, links it (this course, or every course the
viewer follows), and lists the last 20 downloads the viewer may know of — who, when, which file — read in one
query from the audit trail: an administrator their LMS's, a tutor those of the courses they follow, a mentor
its own; never another LMS's."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from lms_service.models import AuditEvent
from lms_service.models.audit import EXPORT, READ_LEARNER

from .records import ATTEMPTS, PAGE, REVIEWS, course, member


def _downloads(html: str) -> list[tuple[str, str, str, str]]:
    """The table's rows as read: (when, who, file, course)."""
    cells = r"<tr>\s*<th scope=\"row\">(.*?)</th>\s*" + r"<td[^>]*>(.*?)</td>\s*" * 3
    return [tuple(unescape(cell).strip() for cell in row) for row in re.findall(cells, html, re.S)]


def test_the_page_says_what_each_file_holds_and_links_it(visit, db) -> None:
    page = visit("nadia-haddad").get(PAGE)
    assert page.status_code == 200
    text = unescape(page.text)
    for title in ("Liste des apprenants", "Essais aux quiz", "Bilans et suivis", "Présences"):
        assert f"{title} (CSV)" in text
    assert "Sans les réponses." in text and "suivis à 3 et 6 mois" in text and course(db).title in text
    for link in ("/tutor/export.csv?vue=tous", "/tutor/exports/essais.csv?", "/tutor/exports/bilans.csv?cours=tous",
                 "/tutor/exports/presences.csv?cours=tous"):
        assert link in text, link
    assert "Tous mes cours" in text and "Aucun téléchargement pour l'instant." in text
    assert "Tous les cours de la plateforme" in unescape(visit("claire-vasseur").get(PAGE).text)


def test_each_download_shows_who_took_which_file_newest_first(visit, db) -> None:
    nadia, claire = visit("nadia-haddad"), visit("claire-vasseur")
    assert nadia.get(ATTEMPTS).status_code == 200
    assert claire.get(f"{REVIEWS}?cours=tous").status_code == 200
    rows = _downloads(nadia.get(PAGE).text)
    assert [row[1:] for row in rows] == [("Claire Vasseur", "Bilans et suivis", "Tous ses cours"),
                                         ("Nadia Haddad", "Essais aux quiz", course(db).title)]  # fmt: skip
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row[0]) for row in rows), rows


def _events(db, who, where, count: int, start: datetime, what: str = "essais:cours", action: str = EXPORT) -> None:
    db.add_all(AuditEvent(lms_id=where.lms_id, actor_id=who.id if who else None, action=action, what=what,
                          context_id=where.id, at=start + timedelta(minutes=n)) for n in range(count))  # fmt: skip


def test_twenty_newest_of_those_the_viewer_may_know_of_in_one_query(visit, make, db, sql) -> None:
    nadia, claire, olivier = visit("nadia-haddad"), visit("claire-vasseur"), visit("olivier-martin")
    roubaix, third = course(db), make.course("Troisième cours")
    elsewhere = make.course("Cours de l'autre LMS", lms_id=make.lms())
    stranger = make.member(elsewhere, "Tutrice d'ailleurs", tutor=True)
    day = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    _events(db, member(db, "nadia-haddad"), roubaix, 3, day)
    db.commit()

    def statements(visitor) -> tuple[int, list[tuple[str, ...]]]:
        with sql() as seen:
            page = visitor.get(PAGE)
        assert page.status_code == 200
        return len([s for s in seen.statements if s.lstrip().upper().startswith("SELECT")]), _downloads(page.text)

    few, rows = statements(nadia)
    assert len(rows) == 3
    _events(db, member(db, "nadia-haddad"), roubaix, 22, day + timedelta(hours=1))
    _events(db, member(db, "nadia-haddad"), roubaix, 5, day + timedelta(hours=2), action=READ_LEARNER)
    _events(db, make.member(third, "Tuteur du troisième", tutor=True), third, 2, day + timedelta(hours=3),
            what="bilans:tous")  # a course Nadia does not follow
    _events(db, member(db, "olivier-martin"), roubaix, 1, day + timedelta(hours=4), what="presences:cours")
    _events(db, stranger, elsewhere, 4, day + timedelta(hours=5))  # another LMS: nobody of ours sees them
    _events(db, None, roubaix, 1, day + timedelta(hours=6))  # its author erased since
    db.commit()

    many, rows = statements(nadia)
    assert many == few and len(rows) == 20
    assert rows[0][1:] == ("Compte supprimé", "Essais aux quiz", roubaix.title)
    assert rows[1][1:] == ("Olivier Martin", "Présences", roubaix.title)
    assert {row[1] for row in rows[2:]} == {"Nadia Haddad"} and rows[2][0] == "02/11/2026 10:21"  # 09:21 UTC
    admin_rows = _downloads(claire.get(PAGE).text)
    assert [row[1:] for row in admin_rows[2:4]] == [("Tuteur du troisième", "Bilans et suivis", "Tous ses cours")] * 2
    assert len(admin_rows) == 20 and not any("ailleurs" in row[1] for row in admin_rows)
    assert [row[1:] for row in _downloads(olivier.get(PAGE).text)] == [("Olivier Martin", "Présences", roubaix.title)]
