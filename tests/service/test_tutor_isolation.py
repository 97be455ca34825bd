"""Issue 13, point 7: on every tutor route, each role sees its own and nothing of another course or LMS.

Two LMSs of our own (dev platforms on loopback, real signed launches): LMS 1
with courses A (Roubaix) and B (Lille), LMS 2 with course C, whose LMS context
id is the same as A's. Thomas Renard is a tutor of A absent from B; Monique
Garnier a mentor of A whose launch names Inès alone (role_scope_mentor);
Claire Vasseur an administrator of LMS 1; Inès a learner of A.

ROUTES is the contract: every route of the `tutor` blueprint, read from the
app's URL map, must have a row saying how it is reached and what a mentor may
do there. A new route without a row fails `test_the_table_names_every_tutor_route`
and every test below, naming the route: add its row, then its checks run.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.routing import Rule

from devplatform import PlatformSettings
from devplatform import create_app as create_platform_app
from devplatform.platform import Platform as DevPlatform
from devplatform.roster import INSTRUCTOR, LEARNER, MENTOR, Context, ResourceLink, User
from devplatform.seed import LILLE, ROUBAIX
from lms_service.db import get_session, utcnow
from lms_service.models import AttemptAllowance, GradeOutbox, Membership, OnsiteSession, TutorNote
from lms_service.models import User as ToolUser
from lms_service.models.grades import NOT_GRADABLE
from lms_service.security.csrf import csrf_token
from lti.models import Deployment, Lms, Platform

from ..conftest import Visitor
from ..lti_browser import LtiBrowser
from ..quiz_taking import SLUG, Quiz
from ..servers import ServerThread

ENTRY_TEST = "test-de-positionnement"  # the timed test: extra time may be granted
COURSE, LEARNER_ID, LEARNERS_FORM = "course", "learner id in the URL", "learner ids in the form"
COURSE_TOTALS = "the course's totals, naming nobody"
COURSE_FILE = "a file or page of the course's records, which may name none of A's learners"
SESSION_ID = "an on-site session of the course in the URL"
ADMIN_LEARNER_ID = "a learner id in the URL, for the LMS's administrator alone"
LMS, LMS_SETTINGS = "LMS-wide page", "LMS-wide settings"
READS, REFUSED = "reads its learners", "refused"

Form = Callable[["Cast", int], list[tuple[str, str]]]
Values = dict[str, object] | Callable[["Cast", int], dict[str, object]]


@dataclass(frozen=True)
class Route:
    """How a tutor route is reached, and what a mentor may do there (tutors and administrators may do all).

    COURSE: the launch's course, nothing in the URL. COURSE_TOTALS: the same, counts only. COURSE_FILE: the
    same, records that may name nobody yet (attempts, presences). SESSION_ID: an on-site session's id in the URL
    (each course has one). LEARNER_ID: a learner's membership id in the URL (`values` fills the rest, or computes
    it from what the routes sorted before it made). LEARNERS_FORM: learner
    ids sent in a form. LMS: a page of the whole LMS, for its administrator
    alone, naming its courses. LMS_SETTINGS: the LMS's settings, for its
    administrator alone (no course named; nothing of another LMS shown).
    `form` is what a valid POST sends besides the launch and CSRF tokens.
    """

    reach: str
    mentor: str = READS
    values: Values = field(default_factory=dict)
    form: Form | None = None


def _facts(cast: Cast, learner: int) -> list[tuple[str, str]]:
    return [("modality", "remote"), ("entry_date", "2026-11-02")]


def _assignment(cast: Cast, learner: int) -> list[tuple[str, str]]:
    return [("learner", str(learner)), ("referent", str(cast.ids["thomas-renard"]))]


def _today() -> str:
    return datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()


def _sheet(cast: Cast, learner: int) -> list[tuple[str, str]]:
    """A new session's sheet; the learner's field first (one of A's with one of B's is refused whole)."""
    return [(f"presence-{learner}", "present"), ("held_on", _today()), ("label", "Atelier CV")]


def _onsite_mark(cast: Cast, learner: int) -> list[tuple[str, str]]:
    return [("action", "fait"), ("module", "communication-travail-equipe"), ("done_on", _today())]


def _note(cast: Cast, learner: int) -> list[tuple[str, str]]:
    return [("written_on", _today()), ("body", "Échange sur le projet de formation.")]


def _review(cast: Cast, learner: int) -> list[tuple[str, str]]:
    return [("held_on", _today()), ("outcome", "training")]


def _latest_note(cast: Cast, learner: int) -> dict[str, object]:
    """The learner's latest note (the /notes row's POST, sorted before, wrote one), else an id nobody has."""
    with cast.app.app_context():
        found = get_session().scalar(select(func.max(TutorNote.id)).where(TutorNote.membership_id == learner))
    return {"note_id": found or 0}


def _erasure(cast: Cast, learner: int) -> list[tuple[str, str]]:
    return [("confirmation", "EFFACER")]


def _session_of(cast: Cast, learner: int) -> dict[str, object]:
    """The on-site session of the course the learner is in (the cast made one in A, B and C)."""
    return {"session_id": cast.sessions[cast.course_of[learner]]}


ROUTES: dict[str, Route] = {
    "/tutor/": Route(COURSE),
    "/tutor/export.csv": Route(COURSE),
    "/tutor/questionnaires": Route(COURSE_TOTALS, REFUSED),
    "/tutor/learners/<int:membership_id>": Route(LEARNER_ID, form=_facts),
    "/tutor/learners/<int:membership_id>/quiz/<slug>/essais/<int:number>":
        Route(LEARNER_ID, REFUSED, {"slug": SLUG, "number": 1}),
    "/tutor/learners/<int:membership_id>/quiz/<slug>/accorder":
        Route(LEARNER_ID, REFUSED, {"slug": SLUG}, form=lambda cast, learner: [("extra", "0")]),
    "/tutor/learners/<int:membership_id>/quiz/<slug>/temps":
        Route(LEARNER_ID, REFUSED, {"slug": ENTRY_TEST}, form=lambda cast, learner: [("minutes", "15")]),
    "/tutor/referents": Route(LEARNERS_FORM, REFUSED, form=_assignment),
    "/tutor/lms/questionnaires": Route(LMS, REFUSED),
    "/tutor/lms/notes": Route(LMS, REFUSED),
    "/tutor/lms/alertes": Route(LMS_SETTINGS, REFUSED),
    "/tutor/presences": Route(COURSE, REFUSED),
    "/tutor/presences/nouvelle": Route(LEARNERS_FORM, REFUSED, form=_sheet),
    "/tutor/presences/<int:session_id>": Route(SESSION_ID, REFUSED, _session_of,
                                               form=lambda cast, learner: [(f"presence-{learner}", "absent")]),
    "/tutor/learners/<int:membership_id>/presences": Route(LEARNER_ID, form=_onsite_mark),
    "/tutor/learners/<int:membership_id>/notes": Route(LEARNER_ID, REFUSED, form=_note),
    "/tutor/learners/<int:membership_id>/notes/<int:note_id>": Route(LEARNER_ID, REFUSED, _latest_note, form=_note),
    "/tutor/learners/<int:membership_id>/bilan": Route(LEARNER_ID, REFUSED, form=_review),
    "/tutor/learners/<int:membership_id>/bilan/imprimer": Route(LEARNER_ID, REFUSED),
    "/tutor/learners/<int:membership_id>/suivi/<int:months>":
        Route(LEARNER_ID, REFUSED, {"months": 3}, form=lambda cast, learner: [("state", "in_job"), ("noted_on", _today())]),
    "/tutor/learners/<int:membership_id>/orientation":
        Route(LEARNER_ID, form=lambda cast, learner: [("family", "developpement-web"), ("note", "Parler du titre pro.")]),
    "/tutor/chiffres": Route(COURSE_TOTALS, REFUSED),
    "/tutor/exports": Route(COURSE_FILE),
    "/tutor/exports/essais.csv": Route(COURSE_FILE),
    "/tutor/exports/bilans.csv": Route(COURSE_FILE, REFUSED),
    "/tutor/exports/presences.csv": Route(COURSE_FILE),
    "/tutor/learners/<int:membership_id>/donnees": Route(LEARNER_ID, REFUSED),
    "/tutor/learners/<int:membership_id>/donnees.json": Route(LEARNER_ID, REFUSED),
    "/tutor/learners/<int:membership_id>/effacer": Route(ADMIN_LEARNER_ID, REFUSED, form=_erasure),
    "/tutor/lms/donnees": Route(LMS_SETTINGS, REFUSED),
}  # fmt: skip

# Who is where. LMS 2's course C has A's LMS context id: only the LMS tells them apart.
A_TITLE, B_TITLE, C_TITLE = "Nurserie numérique — Afpa Roubaix", "Nurserie numérique — M2i Lille", "Nurserie C de l’autre LMS"
A_LEARNERS = {"ines-belkacem": "Inès Belkacem", "kevin-dufour": "Kévin Dufour"}
B_LEARNERS = {"sarah-lefebvre": "Sarah Lefebvre", "mamadou-diallo": "Mamadou Diallo"}
C_LEARNERS = {"agathe-vidal": "Agathe Vidal", "bastien-roux": "Bastien Roux"}
ELSEWHERE = {**B_LEARNERS, **C_LEARNERS}
E_MAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _person(user_id: str, name: str) -> User:
    given, family = name.split(" ", 1)
    return User(user_id, name, given, family, f"{user_id.replace('-', '.')}@example.org", "fr-FR", {})


def _lms_one(platform: DevPlatform) -> None:
    """The seeded Roubaix (A) and Lille (B), with a tutor of A alone and a mentor of Inès alone."""
    platform.add_context(Context(LILLE, "NURS-LIL", B_TITLE, platform.contexts[LILLE].links))
    for user_id, name in (("thomas-renard", "Thomas Renard"), ("monique-garnier", "Monique Garnier")):
        platform.add_user(_person(user_id, name))
    platform.enrol("thomas-renard", ROUBAIX, [INSTRUCTOR])
    platform.enrol("monique-garnier", ROUBAIX, [MENTOR], mentees=("ines-belkacem",))


def _lms_two(platform: DevPlatform) -> None:
    """Course C, under A's context id; its learners and its tutor."""
    platform.add_context(Context(ROUBAIX, "NURS-C", C_TITLE, (ResourceLink("parcours-nurserie-roubaix", "Parcours"),)))
    for user_id, name in (*C_LEARNERS.items(), ("chantal-roy", "Chantal Roy")):
        platform.add_user(_person(user_id, name))
        platform.enrol(user_id, ROUBAIX, [INSTRUCTOR] if user_id == "chantal-roy" else [LEARNER])


@pytest.fixture(scope="module")
def platforms(tool_server: ServerThread, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[DevPlatform]]:
    """Two dev platforms of this file's own (the suite's shared one is left as it is)."""
    servers, made = [], []
    for n, arrange in enumerate((_lms_one, _lms_two), 1):
        server = ServerThread(host="localhost")
        settings = PlatformSettings(url=server.url, tool_url=tool_server.url, client_id=f"lms-{n}",
                                    key_path=tmp_path_factory.mktemp(f"lms{n}") / "key.pem", testing=True)  # fmt: skip
        server.start(create_platform_app(settings))
        platform = server.late.app.extensions["devplatform"]  # type: ignore[union-attr]
        arrange(platform)
        servers.append(server)
        made.append(platform)
    yield made
    for server in servers:
        server.stop()


@dataclass
class Cast:
    """Everyone launched for real, their visitors (by LMS user id) and membership ids."""

    app: Flask
    visitors: dict[str, Visitor]
    ids: dict[str, int]
    sessions: dict[int, int]  # an on-site session of each course, by the course's id
    course_of: dict[int, int]  # each membership's course

    def send(self, who: str, method: str, path: str, form: list[tuple[str, str]] | None = None):
        """GET, or POST with the launch's own CSRF token: what refuses is the route, not the form check."""
        visitor = self.visitors[who]
        if method == "GET":
            return visitor.get(path)
        with self.app.test_request_context():
            token = csrf_token(visitor.token)
        data = [("lt", visitor.token), ("csrf_token", token), *(form or [])]
        return visitor.browser.http.post(f"{visitor.base}{path}?lt={visitor.token}", data=data,
                                         allow_redirects=False, timeout=10)  # fmt: skip


@pytest.fixture
def cast(app: Flask, db, platforms: list[DevPlatform], tool_server: ServerThread) -> Cast:
    for n, platform in enumerate(platforms, 1):
        url = platform.settings.url
        row = Platform(lms=Lms(issuer=url, name=f"LMS {n}"), issuer=url, client_id=f"lms-{n}", name=f"LMS {n}",
                       auth_login_url=f"{url}/auth", auth_token_url=f"{url}/token", key_set_url=f"{url}/jwks")  # fmt: skip
        row.deployments.append(Deployment(deployment_id="1"))
        db.add(row)
    db.commit()
    lms_one, lms_two = platforms
    people = [(lms_one, ROUBAIX, p) for p in (*A_LEARNERS, "thomas-renard", "monique-garnier", "claire-vasseur")]
    people += [(lms_one, LILLE, p) for p in B_LEARNERS] + [(lms_two, ROUBAIX, p) for p in C_LEARNERS]
    visitors = {}
    for platform, course, person in people:
        browser = LtiBrowser(platform)
        launched = browser.launch(person, course)
        assert launched.token, (person, launched.response.text[:300])
        visitors[person] = Visitor(browser, tool_server.url, launched.token)
    for person in ("ines-belkacem", "sarah-lefebvre", "agathe-vidal"):  # a submitted attempt each: essais/1 exists
        assert Quiz(lambda _, v=visitors[person]: v, person).send([]).status_code == 303
    rows = db.execute(select(ToolUser.sub, Membership.id).join(Membership, Membership.user_id == ToolUser.id)).all()
    ids = dict(rows)
    assert len(ids) == len(rows) == len(people)  # no sub twice: LMS 2's people are not LMS 1's
    now = utcnow()
    db.add_all(GradeOutbox(membership_id=ids[p], module_slug="cybersecurite", score_given=1.0, score_maximum=2.0,
                           activity_progress="Completed", grading_progress="FullyGraded", timestamp=now, updated_at=now,
                           version=1, status=NOT_GRADABLE, tries=1, last_tried_at=now, last_error_kind=None)
               for p in ("ines-belkacem", "sarah-lefebvre", "agathe-vidal"))  # fmt: skip  (one stuck score per course)
    course_of = dict(db.execute(select(Membership.id, Membership.context_id)).all())
    made = {course: OnsiteSession(context_id=course, held_on=now.date(), label="Atelier")
            for course in set(course_of.values())}  # fmt: skip
    db.add_all(made.values())
    db.commit()
    return Cast(app, visitors, ids, {course: row.id for course, row in made.items()}, course_of)


def _tutor_rules(app: Flask) -> list[Rule]:
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("tutor.")), key=str)


def _cases(app: Flask) -> Iterator[tuple[Rule, Route, str]]:
    """Each tutor route with its row and each method it answers; a route with no row fails here, named."""
    for rule in _tutor_rules(app):
        route = ROUTES.get(rule.rule)
        assert route is not None, f"{rule.rule} ({rule.endpoint}) has no row in ROUTES: say who may do what there"
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, route, method


def _path(cast: Cast, rule: Rule, route: Route, learner: int | None) -> str:
    given = route.values(cast, learner) if callable(route.values) and learner is not None else route.values
    values = dict(given) | ({"membership_id": learner} if route.reach in (LEARNER_ID, ADMIN_LEARNER_ID) else {})  # type: ignore[arg-type]
    return cast.app.url_map.bind("localhost").build(rule.endpoint, values)


def _form(cast: Cast, route: Route, method: str, learner: int) -> list[tuple[str, str]] | None:
    return route.form(cast, learner) if method == "POST" and route.form else None


def _leaks(body: str, names: dict[str, str]) -> list[str]:
    """The names (and e-mail addresses) of these people that a body shows."""
    return [name for sub, name in names.items() if name in body or f"{sub.replace('-', '.')}@" in body]


def _facts_of(db, ids) -> dict[int, tuple[object, ...]]:
    """What a tutor route may change about these learners: their facts, référent, and attempts or time granted."""
    db.expire_all()
    granted: dict[int, set[tuple[str, int, int]]] = {}
    for row in db.scalars(select(AttemptAllowance)):
        granted.setdefault(row.membership_id, set()).add((row.module_slug, row.extra_attempts, row.extra_minutes))
    members = db.scalars(select(Membership).where(Membership.id.in_(list(ids))))
    return {m.id: (m.modality, m.entry_date, m.entry_date_estimated, m.referent_id, granted.get(m.id)) for m in members}


def test_the_table_names_every_tutor_route(app: Flask) -> None:
    """ROUTES is the contract: a new route fails here until its row says who may do what there."""
    served = {rule.rule: rule.endpoint for rule in _tutor_rules(app)}
    missing = sorted(set(served) - set(ROUTES))
    stale = sorted(set(ROUTES) - set(served))
    assert not missing, f"tutor routes with no row in ROUTES: {missing}"
    assert not stale, f"rows of ROUTES for routes that no longer exist: {stale}"


def test_a_learner_gets_403_on_every_tutor_route(app: Flask, cast: Cast, db) -> None:
    """GET and POST, the POST with the learner's own CSRF token; their own id in the URL changes nothing."""
    own = cast.ids["ines-belkacem"]
    before = _facts_of(db, cast.ids.values())
    for rule, route, method in _cases(app):
        answer = cast.send("ines-belkacem", method, _path(cast, rule, route, own), _form(cast, route, method, own))
        assert answer.status_code == 403, (method, rule.rule, answer.status_code)
    assert _facts_of(db, cast.ids.values()) == before


def test_the_tutor_of_a_reaches_a_and_nothing_of_b_nor_c(app: Flask, cast: Cast, db) -> None:
    """Ids of B's and C's learners, in a URL or a form, are a 404 whose body names nobody; nothing changes."""
    mine, strangers = cast.ids["ines-belkacem"], [cast.ids[p] for p in ELSEWHERE]
    before = _facts_of(db, strangers)
    for rule, route, method in _cases(app):
        if route.reach in (LMS, LMS_SETTINGS, ADMIN_LEARNER_ID):
            assert cast.send("thomas-renard", method, _path(cast, rule, route, mine),
                             _form(cast, route, method, mine)).status_code == 403, rule.rule  # fmt: skip
            continue
        if route.reach == COURSE_TOTALS:
            page = cast.send("thomas-renard", method, _path(cast, rule, route, None))
            assert page.status_code == 200 and A_TITLE in page.text, rule.rule
            assert not _leaks(page.text, {**A_LEARNERS, **ELSEWHERE}) and B_TITLE not in page.text, rule.rule
            continue
        if route.reach == COURSE:
            page = cast.send("thomas-renard", method, _path(cast, rule, route, None))
            body = page.content.decode("utf-8-sig")
            assert page.status_code == 200 and set(A_LEARNERS.values()) <= set(_leaks(body, A_LEARNERS)), rule.rule
            assert not _leaks(body, ELSEWHERE) and C_TITLE not in body and B_TITLE not in body, rule.rule
            continue
        if route.reach == COURSE_FILE:
            page = cast.send("thomas-renard", method, _path(cast, rule, route, None))
            body = page.content.decode("utf-8-sig")
            assert page.status_code == 200 and not _leaks(body, ELSEWHERE), rule.rule
            assert C_TITLE not in body and B_TITLE not in body, rule.rule
            continue
        for stranger in strangers:
            if route.reach in (LEARNER_ID, SESSION_ID):
                path, form = _path(cast, rule, route, stranger), _form(cast, route, method, stranger)
            else:
                path, form = _path(cast, rule, route, None), route.form(cast, stranger)  # type: ignore[misc]
            answer = cast.send("thomas-renard", method, path, form)
            assert answer.status_code == 404, (method, rule.rule, stranger, answer.status_code)
            assert not _leaks(answer.text, ELSEWHERE), (method, rule.rule)
        if route.reach == LEARNERS_FORM:  # one of A's with one of B's: refused whole
            both = [*route.form(cast, mine), *route.form(cast, strangers[0])[:1]]  # type: ignore[misc]
            assert cast.send("thomas-renard", method, _path(cast, rule, route, None), both).status_code == 404
        # The same request for a learner of A does what it says: the 404s above are the course's walls.
        path, form = _path(cast, rule, route, mine), _form(cast, route, method, mine)
        if route.reach == LEARNERS_FORM:
            path = _path(cast, rule, route, None)
        answer = cast.send("thomas-renard", method, path, form)
        assert answer.status_code == (303 if method == "POST" else 200), (method, rule.rule, answer.status_code)
    assert _facts_of(db, strangers) == before  # B's and C's learners untouched
    ines = _facts_of(db, [mine])[mine]
    assert ines[0] == "remote" and ines[3] == cast.ids["thomas-renard"] and ines[4] == {(SLUG, 1, 0), (ENTRY_TEST, 0, 15)}


def test_the_mentor_reads_its_one_learner_without_e_mail(app: Flask, cast: Cast, db) -> None:
    """Monique follows Inès alone: Kévin, B's and C's learners are 404 to her; every POST is 403; no address shown."""
    scoped, others = cast.ids["ines-belkacem"], [cast.ids[p] for p in ("kevin-dufour", *ELSEWHERE)]
    before = _facts_of(db, cast.ids.values())
    for rule, route, method in _cases(app):
        path = _path(cast, rule, route, scoped)
        if method == "POST" or route.mentor == REFUSED:
            answer = cast.send("monique-garnier", method, path, _form(cast, route, method, scoped))
            assert answer.status_code == 403, (method, rule.rule, answer.status_code)
            continue
        page = cast.send("monique-garnier", method, path)
        body = page.content.decode("utf-8-sig")
        assert page.status_code == 200 and (route.reach == COURSE_FILE or "Inès Belkacem" in body), rule.rule
        assert not _leaks(body, {"kevin-dufour": "Kévin Dufour", **ELSEWHERE}), rule.rule
        assert not E_MAIL.findall(body), (rule.rule, E_MAIL.findall(body))
        if route.reach == LEARNER_ID:
            for other in others:
                assert cast.send("monique-garnier", method, _path(cast, rule, route, other)).status_code == 404
    assert _facts_of(db, cast.ids.values()) == before


def test_the_lms_administrator_sees_a_and_b_never_c(app: Flask, cast: Cast) -> None:
    """Claire, administrator of LMS 1 launched from A: the LMS-wide pages hold A and B; LMS 2 never appears."""
    for rule, route, method in _cases(app):
        if route.reach == LMS:
            page = cast.send("claire-vasseur", method, _path(cast, rule, route, None))
            assert page.status_code == 200, rule.rule
            assert A_TITLE in page.text and B_TITLE in page.text, rule.rule
            assert C_TITLE not in page.text and not _leaks(page.text, C_LEARNERS), rule.rule
        elif route.reach == LMS_SETTINGS:
            page = cast.send("claire-vasseur", method, _path(cast, rule, route, None))
            assert page.status_code in ((200, 400) if method == "POST" else (200,)), (method, rule.rule)  # 400: the form
            assert C_TITLE not in page.text and not _leaks(page.text, ELSEWHERE), rule.rule
        elif route.reach in (LEARNER_ID, SESSION_ID, ADMIN_LEARNER_ID):
            for stranger in C_LEARNERS:
                path = _path(cast, rule, route, cast.ids[stranger])
                answer = cast.send("claire-vasseur", method, path, _form(cast, route, method, cast.ids[stranger]))
                assert answer.status_code == 404, (method, rule.rule)
        elif route.reach == LEARNERS_FORM:
            answer = cast.send("claire-vasseur", method, _path(cast, rule, route, None),
                               route.form(cast, cast.ids["agathe-vidal"]))  # type: ignore[misc]  # fmt: skip
            assert answer.status_code == 404, rule.rule
        else:
            body = cast.send("claire-vasseur", method, _path(cast, rule, route, None)).content.decode("utf-8-sig")
            assert C_TITLE not in body and not _leaks(body, C_LEARNERS), rule.rule
    assert cast.send("agathe-vidal", "GET", "/tutor/lms/notes").status_code == 403


def test_the_csv_of_a_holds_a_s_learners_only(cast: Cast) -> None:
    """Each viewer's export of A, whatever the view asked: A's learners it may see, never B's or C's."""
    expected = {"thomas-renard": sorted(A_LEARNERS.values()), "claire-vasseur": sorted(A_LEARNERS.values()),
                "monique-garnier": ["Inès Belkacem"]}  # fmt: skip
    for viewer, names in expected.items():
        for query in ("", "?vue=tous", "?vue=tous&tri=nom", "?connexion=venus"):
            answer = cast.send(viewer, "GET", f"/tutor/export.csv{query}")
            text = answer.content.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
            assert answer.status_code == 200 and sorted(row[0] for row in rows) == names, (viewer, query, rows)
            assert not _leaks(text, ELSEWHERE) and "Agathe" not in text and "Sarah" not in text
