"""The référent's grid as CSV: opens right in French Excel, no formula from a name, the same learners as the
list, no e-mail for a mentor, and a number of queries that does not grow with the course."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select, update

from devplatform.seed import ROUBAIX
from lms_service.db import as_utc, utcnow
from lms_service.models import AuditEvent, Context, Membership, User
from lms_service.models.audit import EXPORT
from lms_service.tutor.weeks import nursery_week


def _course(db) -> Context:
    return db.scalars(select(Context).where(Context.lti_context_id == ROUBAIX)).one()


def _table(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_grid_downloads_as_a_csv_french_excel_reads(visit, make, db) -> None:
    visit("ines-belkacem")
    tutor = visit("nadia-haddad")
    course = _course(db)
    entry = (utcnow() - timedelta(days=9)).date()
    forged = make.member(course, "=HYPERLINK(\"http://mal.example\")", entry_date=entry, entry_date_estimated=True)
    db.execute(update(Membership).where(Membership.id == forged.id).values(first_launch_at=None, last_launch_at=None))
    db.commit()  # known from the roster only
    answer = tutor.get("/tutor/export.csv?vue=tous")
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in answer.headers["Content-Disposition"] and answer.headers["Cache-Control"] == "no-store"
    table = _table(answer.content)
    header, rows = table[0], {row[0]: row for row in table[1:]}
    assert header[:3] == ["Apprenant", "E-mail", "Référent"] and "Le développement web : statut" in header
    forged = rows["'=HYPERLINK(\"http://mal.example\")"]  # text that would run as a formula starts with '
    by_name = dict(zip(header, forged, strict=True))
    assert by_name["Entrée"] == entry.strftime("%d/%m/%Y") and by_name["Entrée estimée"] == "oui"
    assert by_name["Semaine"] == str(nursery_week(entry, utcnow().date())) == "2"
    assert by_name["Dernière activité"] == "Aucune connexion" and by_name["Référent"] == "Sans référent"
    assert any(name.startswith("Inès") for name in rows)


def test_a_mentor_s_csv_has_no_e_mail_and_only_its_learners(visit, db) -> None:
    visit("ines-belkacem")
    mentor = visit("olivier-martin")
    header = _table(mentor.get("/tutor/export.csv").content)[0]
    assert "E-mail" not in header and header[0] == "Apprenant"
    assert visit("ines-belkacem").get("/tutor/export.csv").status_code == 403
    assert visit("nadia-haddad").get("/tutor/export.csv?vue=autre").status_code == 400


def test_the_number_of_queries_does_not_grow_with_the_course(visit, make, db, sql) -> None:
    tutor = visit("nadia-haddad")
    course = _course(db)

    def statements() -> int:
        with sql() as seen:
            assert tutor.get("/tutor/export.csv").status_code == 200
        return len([s for s in seen.statements if s.lstrip().upper().startswith("SELECT")])

    for n in range(3):
        make.member(course, f"Apprenante {n}")
    db.commit()
    few = statements()
    for n in range(3, 60):
        make.member(course, f"Apprenante {n}")
    db.commit()
    assert statements() == few
    assert len(db.scalars(select(Membership).where(Membership.context_id == course.id)).all()) > 60
    assert db.scalars(select(User).where(User.name == "Apprenante 59")).one()


def test_each_download_of_the_grid_is_on_record_and_a_refused_one_is_not(visit, db) -> None:
    """Issue 14, point 6: who took the list, when, of which scope; a 400 leaves no trace of a file never sent."""
    tutor = visit("nadia-haddad")
    before = utcnow()
    assert tutor.get("/tutor/export.csv?vue=tous").status_code == 200
    assert tutor.get("/tutor/export.csv?cours=tous").status_code == 200
    assert tutor.get("/tutor/export.csv?vue=autre").status_code == 400
    nadia = db.scalars(select(Membership.id).join(User).where(User.sub == "nadia-haddad")).one()
    events = db.execute(select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.what, AuditEvent.at)
                        .order_by(AuditEvent.id)).all()  # fmt: skip
    assert [(who, action, what) for who, action, what, _ in events] == [
        (nadia, EXPORT, "grille:cours"), (nadia, EXPORT, "grille:tous")]
    assert all(before <= as_utc(at) <= utcnow() for *_, at in events)
