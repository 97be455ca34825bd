"""Issue 14, point 1, and « isolation between LMSs and courses »: who may read and record what on site.

Real LTI launches of the dev platform's people for the roles (Nadia tutor of both
nurseries, Olivier a mentor of Inès and Kévin, Inès a learner); tutors of another
course and of another LMS made directly. Whatever is refused saves nothing.
"""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from devplatform.seed import LILLE, ROUBAIX
from lms_service.models import Membership, ModuleProgress, User

from .conftest import paris_today, saved

E_MAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
MODULE = "confiance-en-soi"


def _id(db, sub: str, course: str = ROUBAIX) -> int:
    query = select(Membership.id).join(User).where(User.sub == sub, Membership.context.has(lti_context_id=course))
    return db.scalars(query).one()


def _session(nadia, learners: list[int], label: str = "Atelier CV") -> int:
    form = {"held_on": (paris_today() - timedelta(days=1)).isoformat(), "label": label,
            **{f"presence-{m}": "present" for m in learners}}  # fmt: skip
    answer = nadia.post("/tutor/presences/nouvelle", form)
    assert answer.status_code == 303, answer.text[:300]
    return int(re.search(r"/tutor/presences/(\d+)", answer.headers["Location"]).group(1))


def _routes(session_id: int, learner: int) -> list[tuple[str, str, dict[str, str]]]:
    """Every on-site route, with a form that would be valid for Roubaix's référente."""
    sheet = {"held_on": paris_today().isoformat(), "label": "Autre séance", f"presence-{learner}": "absent"}
    mark = {"action": "fait", "module": MODULE, "done_on": paris_today().isoformat()}
    return [("GET", "/tutor/presences", {}), ("POST", "/tutor/presences/nouvelle", sheet),
            ("GET", f"/tutor/presences/{session_id}", {}),
            ("POST", f"/tutor/presences/{session_id}", {f"presence-{learner}": "absent"}),
            ("GET", f"/tutor/learners/{learner}/presences", {}),
            ("POST", f"/tutor/learners/{learner}/presences", mark)]  # fmt: skip


def _send(desk, method: str, path: str, form: dict[str, str]):
    return desk.get(path) if method == "GET" else desk.post(path, form)


def _nothing_marked(db) -> bool:
    db.expire_all()
    return db.scalars(select(ModuleProgress.id)).first() is None


def test_a_learner_is_refused_every_on_site_route(persona, db) -> None:
    ines = persona("ines-belkacem")
    nadia = persona("nadia-haddad")
    ines_id = _id(db, "ines-belkacem")
    session_id = _session(nadia, [ines_id])
    before = saved(db)
    for method, path, form in _routes(session_id, ines_id):
        assert _send(ines, method, path, form).status_code == 403, (method, path)
    assert saved(db) == before and _nothing_marked(db)


def test_a_mentor_reads_its_learner_s_page_and_records_nothing(persona, db, make) -> None:
    persona("ines-belkacem")
    nadia = persona("nadia-haddad")
    olivier = persona("olivier-martin")  # follows Inès and Kévin (role_scope_mentor)
    ines_id = _id(db, "ines-belkacem")
    session_id = _session(nadia, [ines_id])
    assert nadia.post(f"/tutor/learners/{ines_id}/presences", {"action": "fait", "module": MODULE,
                                                                "done_on": paris_today().isoformat()}).status_code == 303
    before = saved(db)

    page = olivier.get(f"/tutor/learners/{ines_id}/presences")
    assert page.status_code == 200 and "Inès Belkacem" in page.text and "Atelier CV" in page.text
    assert "Fait sur place le" in page.text
    assert 'method="post"' not in page.text and not E_MAIL.findall(page.text)
    assert f'href="/tutor/presences/{session_id}' not in page.text  # the session's page is not for a mentor
    for method, path, form in _routes(session_id, ines_id):
        if (method, path) != ("GET", f"/tutor/learners/{ines_id}/presences"):
            assert _send(olivier, method, path, form).status_code == 403, (method, path)
    outside = make.member(db.get(Membership, ines_id).context, "Hors Périmètre")
    db.commit()
    assert olivier.get(f"/tutor/learners/{outside.id}/presences").status_code == 404
    assert saved(db) == before


def test_a_tutor_of_another_course_or_another_lms_reaches_nothing(persona, desk, db, make) -> None:
    persona("ines-belkacem")
    nadia = persona("nadia-haddad")
    ines_id = _id(db, "ines-belkacem")
    session_id = _session(nadia, [ines_id], label="Atelier de Roubaix")
    other_course = make.course("Nurserie de Valenciennes")
    other_lms = make.course("Nurserie d'un autre LMS", lms_id=make.lms())
    strangers = [make.member(other_course, "Thomas Renard", tutor=True),
                 make.member(other_lms, "Chantal Roy", tutor=True)]  # fmt: skip
    make.member(other_lms, "Agathe Vidal")
    db.commit()
    before = saved(db)
    for stranger in strangers:
        someone = desk(stranger)
        for method, path, form in _routes(session_id, ines_id):
            answer = _send(someone, method, path, form)
            if path == "/tutor/presences":  # their own course's page: nothing of Roubaix on it
                assert answer.status_code == 200
                assert "Atelier de Roubaix" not in answer.text and "Inès" not in answer.text
            else:
                assert answer.status_code == 404, (stranger.id, method, path)
                assert "Inès" not in answer.text and "Atelier de Roubaix" not in answer.text
    assert saved(db) == before and _nothing_marked(db)


def test_a_session_is_its_course_s_even_for_a_tutor_of_both(persona, db) -> None:
    """Nadia teaches Roubaix and Lille: launched from Lille, Roubaix's session and learners are no form of hers."""
    persona("ines-belkacem")
    from_roubaix = persona("nadia-haddad")
    from_lille = persona("nadia-haddad", LILLE)
    ines_id = _id(db, "ines-belkacem")
    session_id = _session(from_roubaix, [ines_id], label="Atelier de Roubaix")
    before = saved(db)
    assert from_lille.get(f"/tutor/presences/{session_id}").status_code == 404
    assert from_lille.post(f"/tutor/presences/{session_id}", {f"presence-{ines_id}": "absent"}).status_code == 404
    assert "Atelier de Roubaix" not in from_lille.get("/tutor/presences").text
    sheet = {"held_on": paris_today().isoformat(), "label": "Lille", f"presence-{ines_id}": "present"}
    assert from_lille.post("/tutor/presences/nouvelle", sheet).status_code == 404
    assert saved(db) == before


def test_the_administrator_records_for_the_course_launched_from(persona, db) -> None:
    persona("ines-belkacem")
    claire = persona("claire-vasseur")
    ines_id = _id(db, "ines-belkacem")
    assert "Inès Belkacem" in claire.get("/tutor/presences").text
    session_id = _session(claire, [ines_id])
    assert saved(db)[1] == [(session_id, ines_id, "present", _id(db, "claire-vasseur"))]


def test_a_person_the_lms_sent_no_name_for_is_never_shown_by_e_mail_address(persona, db) -> None:
    """The LMS may send an e-mail address and no name: the on-site pages name the person « Personne … » instead,
    learners as référents, whoever reads them (a mentor above all)."""
    persona("ines-belkacem")
    persona("kevin-dufour")  # in the course, not on the session: offered on its page
    nadia = persona("nadia-haddad")
    olivier = persona("olivier-martin")
    ines_id = _id(db, "ines-belkacem")
    session_id = _session(nadia, [ines_id])
    assert nadia.post(f"/tutor/learners/{ines_id}/presences", {"action": "fait", "module": MODULE,
                                                                "done_on": paris_today().isoformat()}).status_code == 303
    nameless = ("ines-belkacem", "kevin-dufour", "nadia-haddad")
    db.execute(update(User).where(User.sub.in_(nameless)).values(name=None, given_name=None, family_name=None))
    db.commit()
    addresses = set(db.scalars(select(User.email).where(User.sub.in_(nameless))))
    assert len(addresses) == 3 and all(E_MAIL.fullmatch(a) for a in addresses)  # what must not show

    mentor_reads = olivier.get(f"/tutor/learners/{ines_id}/presences")
    assert mentor_reads.status_code == 200
    assert "Personne ines-bel" in mentor_reads.text and "Personne nadia-ha" in mentor_reads.text  # named, not addressed
    pages = [mentor_reads, nadia.get(f"/tutor/learners/{ines_id}/presences"), nadia.get(f"/tutor/presences/{session_id}"),
             nadia.get(f"/tutor/presences/{session_id}?tous=1"), nadia.get("/tutor/presences?tous=1")]  # fmt: skip
    assert [page.status_code for page in pages] == [200] * 5
    assert "Personne kevin-du" in pages[3].text and "Personne ines-bel" in pages[4].text
    for page in pages:
        assert not E_MAIL.findall(page.text), page.url
