"""Issue 13, points 2, 3, 7 and 9: the référents' dashboard read page by page, across courses, in bounded queries.

Every page is reached as a référent reaches it: a real launch (a JWT signed by
the dev platform), then the links the HTML gives (« Suivants », « Précédents »,
a learner's name), over real HTTP and a real database. The expected order of
each sort is computed here from the rows, not read back from the tool.
"""
from __future__ import annotations

import html
import itertools
import os
import re
from datetime import date, timedelta
from typing import Any

import pytest
import yaml
from sqlalchemy import func, insert, select

from devplatform.seed import LILLE, ROUBAIX
from lms_service.content import get_catalogue
from lms_service.db import as_utc, utcnow
from lms_service.models import COMPLETED, IN_PROGRESS, READ, Context, Membership, ModuleProgress, User
from lms_service.name_keys import name_key

PER_PAGE = 50  # tutor/views.py
ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
LEARNER_LINK = re.compile(r'href="/tutor/learners/(\d+)[?"]')


# --- reading the pages ----------------------------------------------------------------------------------------


def _listed(page: str) -> list[int]:
    """The learners a dashboard page lists, in its order (each row links to the learner's page once)."""
    return [int(found) for found in LEARNER_LINK.findall(page)]


def _pager(page: str, label: str) -> str | None:
    """The href of the pager's « Suivants » or « Précédents » link, if the page has one."""
    nav = page.split('class="pager"', 1)[1].split("</nav>", 1)[0] if 'class="pager"' in page else ""
    found = re.search(r'href="([^"]+)">[^<]*' + label, nav)
    return html.unescape(found.group(1)) if found else None


def _follow(visitor, href: str):
    """A link of the page, as the browser follows it (the launch token is in the link)."""
    assert "lt=" in href, href
    return visitor.browser.http.get(f"{visitor.base}{href}", timeout=10)


def _row(page: str, membership_id: int) -> str:
    """The table row of one learner."""
    rows = [row for row in page.split("<tr") if f'href="/tutor/learners/{membership_id}?' in row]
    assert len(rows) == 1, (membership_id, len(rows))
    return rows[0].split("</tr>", 1)[0]


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _course(db, lti_context_id: str = ROUBAIX) -> Context:
    return db.scalars(select(Context).where(Context.lti_context_id == lti_context_id)).one()


_batches = itertools.count(1)


def _bulk_learners(db, course: Context, people: list[dict[str, Any]]) -> list[int]:
    """Learners of `course` inserted in two statements, whatever their number; each dict: a name, and
    membership columns. Their membership ids, in the order given."""
    batch, now = next(_batches), utcnow()
    users = [{"lms_id": course.lms_id, "sub": f"bulk-{batch}-{n}", "name": person["name"]}
             for n, person in enumerate(people)]  # fmt: skip
    user_ids = db.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users).all()
    defaults = {"context_id": course.id, "is_learner": True, "roles": [], "entry_date": date(2026, 11, 2),
                "first_launch_at": now, "last_launch_at": now}  # fmt: skip
    rows = [defaults | {"user_id": user_id, "name_key": name_key(None, None, person["name"], None)}
            | {key: value for key, value in person.items() if key != "name"}
            for user_id, person in zip(user_ids, people, strict=True)]  # fmt: skip
    assert len({frozenset(row) for row in rows}) <= 1  # one set of columns: one executemany, in order
    ids = db.scalars(insert(Membership).returning(Membership.id, sort_by_parameter_order=True), rows).all()
    db.commit()
    return list(ids)


def _id(db, sub: str, lti_context_id: str = ROUBAIX) -> int:
    return db.scalars(select(Membership.id).join(User).join(Context)
                      .where(User.sub == sub, Context.lti_context_id == lti_context_id)).one()  # fmt: skip


# --- 1. keyset pages ------------------------------------------------------------------------------------------

FAMILIES = ("Arnaud", "Bertin", "Carpentier", "Dumont", "Evrard", "Fontaine", "Girard", "Hubert", "Joly", "Klein",
            "Lemoine", "Marchal", "Noel", "Olivier", "Perrin", "Roussel", "Simon", "Texier", "Vidal")  # fmt: skip
GIVENS = ("Alice", "Bruno", "Chloe", "David", "Emma", "Farid", "Gaelle")


def _keyset_course(db, course: Context, size: int = 130) -> list[Membership]:
    """`size` learners with ties on every key: 40 who never came (no activity), shared times, dates, reasons."""
    now = utcnow().replace(microsecond=0)
    times = [now - timedelta(hours=h, microseconds=us) for h, us in ((1, 0), (2, 250_001), (5, 0), (30, 999_999))]
    people = []
    for n in range(size):
        given, family = GIVENS[n % len(GIVENS)], FAMILIES[n % len(FAMILIES)]  # 133 pairs: every name differs
        if n % 10 == 3:  # … except these, who share the first one's name (ties on the key)
            given, family = GIVENS[0], FAMILIES[0]
        silent = n % 13 < 4  # 40 of 130: their rows come last in the activity order, a page boundary among them
        people.append({
            "name": f"{given} {family}", "name_key": name_key(given, family, f"{given} {family}", None),
            "last_activity_at": None if silent else times[n % len(times)],
            "entry_date": date(2026, 11, 2) + timedelta(days=7 * (n % 4)),
            "risk_reasons": (0, 0, 1, 4, 8, 12)[n % 6],
        } | ({"first_launch_at": None, "last_launch_at": None} if silent and n % 2 else {}))  # fmt: skip
    ids = _bulk_learners(db, course, people)
    made = list(db.scalars(select(Membership).where(Membership.id.in_(ids))))
    assert len(made) == size and sum(m.last_activity_at is None for m in made) == 40
    return made


def _expected(rows: list[Membership], sort: str) -> list[int]:
    """The list's order, computed from the rows: the key, then the id in the key's direction; no activity last."""
    if sort == "nom":
        return [m.id for m in sorted(rows, key=lambda m: (m.name_key, m.id))]
    if sort == "urgence":
        return [m.id for m in sorted(rows, key=lambda m: (m.risk_reasons, m.id), reverse=True)]
    if sort == "entree":
        return [m.id for m in sorted(rows, key=lambda m: (m.entry_date, m.id), reverse=True)]
    came = sorted((m for m in rows if m.last_activity_at), key=lambda m: (as_utc(m.last_activity_at), m.id))
    return [m.id for m in reversed(came)] + sorted((m.id for m in rows if m.last_activity_at is None), reverse=True)


@pytest.mark.parametrize("sort", ["activite", "urgence", "nom", "entree"])
def test_following_the_pages_lists_each_learner_once_in_order_and_back(visit, make, db, sort) -> None:
    """« Suivants » until there is none: every learner once, in the sort's order; « Précédents » walks back."""
    tutor = visit("nadia-haddad")
    learners = _keyset_course(db, _course(db))
    expected = _expected(learners, sort)
    first = tutor.get(f"/tutor/?vue=tous&tri={sort}")
    assert first.status_code == 200 and "130 personnes dans cette liste" in first.text
    assert _pager(first.text, "Précédents") is None and "Début de la liste" not in first.text
    pages, page = [], first
    while True:
        assert page.status_code == 200, page.text[:300]
        pages.append(_listed(page.text))
        following = _pager(page.text, "Suivants")
        if following is None:
            break
        assert f"tri={sort}" in following or sort == "activite", following  # the order is kept from page to page
        page = _follow(tutor, following)
        assert len(pages) < 10, "the pages never end"
    assert [len(p) for p in pages] == [50, 50, 30]
    assert [i for p in pages for i in p] == expected
    back = [pages[-1]]
    while (previous := _pager(page.text, "Précédents")) is not None:
        page = _follow(tutor, previous)
        assert page.status_code == 200
        back.append(_listed(page.text))
        assert len(back) < 10, "the pages never end"
    assert back == pages[::-1]  # the same pages, and the first of them has no « Précédents » either


FORGED = [
    ("activite", "apres=garbage"),
    ("activite", "apres="),
    ("activite", "avant=~"),
    ("activite", "apres=2026-11-30T10:00:00%2B00:00~5"),  # a time is written as microseconds since 1970
    ("activite", "apres=-5~5"),
    ("activite", "apres=1.5~5"),
    ("activite", "apres=%EF%BC%91%EF%BC%92~5"),  # digits, but not ASCII ones
    ("activite", "apres=999999999999999999~5"),  # past the year 9999
    ("entree", "apres=2026-13-01~5"),
    ("entree", "avant=~5"),  # no date: only the activity may be missing
    ("urgence", "apres=x~abc"),
    ("urgence", "apres=x~5"),
    ("urgence", "apres=9999999~5"),
    ("nom", "apres=dupont~-1"),
    ("nom", "apres=dupont~5&avant=dupont~5"),
    ("nom", "apres=dupont~１２"),  # digits, but not ASCII ones
    ("nom", "apres=dupont~9999999999999"),
    ("nom", "apres=" + "a" * 301 + "~5"),
    ("activite", "apres=" + "9" * 320),
]


def _answers(tutor, cases: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The status of the list in each (sort, cursor) case, every case tried: a failure names them all."""
    return {(sort, cursor): tutor.get(f"/tutor/?vue=tous&tri={sort}&{cursor}").status_code for sort, cursor in cases}


def test_a_forged_cursor_is_a_400(visit, make, db) -> None:
    """Whatever was typed after apres= or avant=: a 400, never a 500 nor a page of something else."""
    tutor = visit("nadia-haddad")
    make.member(_course(db), "Alice Arnaud", last_activity_at=utcnow())
    db.commit()
    assert {case: code for case, code in _answers(tutor, FORGED).items() if code != 400} == {}


def test_a_well_formed_cursor_of_no_row_gives_a_page_never_a_500(visit, make, db) -> None:
    """A cursor the tool could have written (a key and an id) but for no row: a page, maybe empty, or a 400."""
    tutor = visit("nadia-haddad")
    make.member(_course(db), "Alice Arnaud", last_activity_at=utcnow())
    db.commit()
    odd = [("activite", "apres=0~1"), ("activite", "avant=99999999999999999~1"), ("activite", "apres=~1"),
           ("entree", "apres=0001-01-01~1"), ("entree", "avant=9999-12-31~2147483647"), ("urgence", "avant=-99999~0"),
           ("nom", "apres=~0"), ("nom", "apres=%F0%9F%98%80~3"), ("nom", "apres=a%00~5")]  # fmt: skip
    assert {case: code for case, code in _answers(tutor, odd).items() if code not in (200, 400)} == {}


def test_a_cursor_id_beyond_a_database_integer_is_no_500(visit, make, db) -> None:
    tutor = visit("nadia-haddad")
    make.member(_course(db), "Alice Arnaud", last_activity_at=utcnow())
    db.commit()
    cursors = [("entree", "apres=2026-11-02~2147483648"), ("nom", "apres=arnaud~999999999999"),
               ("urgence", "avant=0~2147483648"), ("activite", "apres=~2147483648")]  # fmt: skip
    assert {case: code for case, code in _answers(tutor, cursors).items() if code not in (200, 400)} == {}


# --- 2. search ------------------------------------------------------------------------------------------------


def test_the_search_folds_accents_and_case_and_takes_wildcards_literally(visit, make, db) -> None:
    tutor = visit("nadia-haddad")
    course = _course(db)
    names = (("Élodie", "Lefèvre"), ("Paul", "Lefort"), ("Jean_Luc", "Petit"), ("Zoé", "100%Martin"),
             ("Émile", "Dupré"))  # fmt: skip
    people = {f"{given} {family}": make.member(course, f"{given} {family}",
                                               name_key=name_key(given, family, f"{given} {family}", None)).id
              for given, family in names}  # fmt: skip  (the key a launch with the name's parts stores)
    db.commit()

    def found(query: str) -> set[str]:
        page = tutor.get(f"/tutor/?vue=tous&q={query}")
        assert page.status_code == 200, (query, page.status_code)
        return {name for name, i in people.items() if i in _listed(page.text)}

    elodie = {"Élodie Lefèvre"}
    assert found("elodie") == found("LEFEVRE") == found("lefèvre") == found("%C3%89LODIE") == elodie
    assert found("lefevre%20elodie") == found("  Lefèvre   Élodie ") == elodie  # family name first, spaces collapsed
    assert found("lef") == {"Élodie Lefèvre", "Paul Lefort"}
    assert found("_") == {"Jean_Luc Petit"} and found("%25") == {"Zoé 100%Martin"}
    assert found("p_ul") == found("lef%25re") == found("e%25e") == set()  # would match if they were wildcards
    assert found("%5C") == set() and found("") == set(people)


# --- 3. across courses ----------------------------------------------------------------------------------------

ROUBAIX_TITLE, LILLE_TITLE = "Nurserie numérique — Afpa Roubaix", "Nurserie numérique — M2i Lille, Euratechnologies"


def _link(page: str, label: str) -> str:
    """The href of the link whose text is `label`."""
    found = re.search(r'href="([^"]+)">' + re.escape(label) + "<", page)
    assert found, label
    return html.unescape(found.group(1))


def _learner_link(page: str, membership_id: int) -> str:
    return html.unescape(re.search(rf'href="(/tutor/learners/{membership_id}\?[^"]+)"', _row(page, membership_id))
                         .group(1))  # fmt: skip


def test_a_tutor_of_both_courses_sees_both_and_opens_a_lille_learner_from_roubaix(visit, db) -> None:
    visit("ines-belkacem", ROUBAIX)
    visit("sarah-lefebvre", LILLE)
    visit("nadia-haddad", LILLE)
    tutor = visit("nadia-haddad", ROUBAIX)
    ines, sarah = _id(db, "ines-belkacem"), _id(db, "sarah-lefebvre", LILLE)
    this_course = tutor.get("/tutor/?vue=tous").text
    assert _listed(this_course) == [ines] and 'id="assign-form"' in this_course
    everywhere = _follow(tutor, _link(this_course, "Tous mes cours"))
    assert everywhere.status_code == 200 and sorted(_listed(everywhere.text)) == sorted([ines, sarah])
    assert '<th scope="col">Cours</th>' in everywhere.text
    assert LILLE_TITLE in _row(everywhere.text, sarah) and ROUBAIX_TITLE in _row(everywhere.text, ines)
    assert 'id="assign-form"' not in everywhere.text and 'name="learner"' not in everywhere.text  # no form across
    grid = tutor.get("/tutor/?vue=tous&cours=tous&affichage=grille").text
    assert sorted(_listed(grid)) == sorted([ines, sarah]) and 'name="learner"' not in grid
    learner = _follow(tutor, _learner_link(everywhere.text, sarah))
    assert learner.status_code == 200 and "Sarah Lefebvre" in learner.text


def test_a_tutor_of_roubaix_alone_sees_roubaix_alone_across_courses(visit, make, db) -> None:
    """Nadia launched from Roubaix only; in Lille the tool knows her as a learner: no Lille learner for her."""
    visit("ines-belkacem", ROUBAIX)
    visit("sarah-lefebvre", LILLE)
    tutor = visit("nadia-haddad", ROUBAIX)
    nadia = db.scalars(select(User).where(User.sub == "nadia-haddad")).one()
    db.add(Membership(context=_course(db, LILLE), user=nadia, is_learner=True, entry_date=date(2026, 11, 2),
                      name_key="haddad nadia"))  # fmt: skip
    db.commit()
    ines, sarah = _id(db, "ines-belkacem"), _id(db, "sarah-lefebvre", LILLE)
    nadia_in_lille = _id(db, "nadia-haddad", LILLE)
    page = tutor.get("/tutor/?vue=tous&cours=tous")
    assert page.status_code == 200 and _listed(page.text) == [ines]
    assert "Sarah" not in page.text and LILLE_TITLE not in page.text
    for stranger in (sarah, nadia_in_lille):
        answer = tutor.get(f"/tutor/learners/{stranger}")
        assert answer.status_code == 404 and "Sarah" not in answer.text
    assert tutor.get(f"/tutor/learners/{ines}").status_code == 200


def test_an_administrator_sees_every_course_of_its_lms_and_none_of_another(visit, make, db) -> None:
    visit("ines-belkacem", ROUBAIX)
    admin = visit("claire-vasseur", ROUBAIX)
    tourcoing = make.member(make.course("Nurserie de Tourcoing"), "Hugo Tourcoing")
    elsewhere = make.member(make.course("Nurserie d'un autre LMS", lms_id=make.lms()), "Ursule Ailleurs")
    db.commit()
    ines = _id(db, "ines-belkacem")
    this_course = admin.get("/tutor/").text
    assert _listed(this_course) == [ines] and 'id="assign-form"' in this_course
    page = _follow(admin, _link(this_course, "Tous les cours de la plateforme"))
    assert page.status_code == 200 and sorted(_listed(page.text)) == sorted([ines, tourcoing.id])
    assert "Nurserie de Tourcoing" in _row(page.text, tourcoing.id) and "Ursule" not in page.text
    assert "autre LMS" not in page.text and 'id="assign-form"' not in page.text
    assert "2 personnes dans cette liste" in page.text
    assert _follow(admin, _learner_link(page.text, tourcoing.id)).status_code == 200
    assert admin.get(f"/tutor/learners/{elsewhere.id}").status_code == 404


def test_a_mentor_across_courses_sees_only_the_learners_its_launch_names(visit, make, db) -> None:
    for person in ("ines-belkacem", "kevin-dufour"):
        visit(person, ROUBAIX)
    visit("sarah-lefebvre", LILLE)
    visit("nadia-haddad", LILLE)
    yasmine = make.member(_course(db), "Yasmine Benali")
    db.commit()
    mentor = visit("olivier-martin", ROUBAIX)
    scoped = sorted([_id(db, "ines-belkacem"), _id(db, "kevin-dufour")])
    for query in ("", "?vue=tous", "?vue=tous&cours=tous", "?cours=tous&affichage=grille", "?cours=tous&tri=nom"):
        page = mentor.get(f"/tutor/{query}")
        assert page.status_code == 200 and sorted(_listed(page.text)) == scoped, query
        assert "Sarah" not in page.text and "Yasmine" not in page.text and 'name="learner"' not in page.text, query
    assert mentor.get(f"/tutor/learners/{yasmine.id}").status_code == 404
    assert mentor.get(f"/tutor/learners/{_id(db, 'sarah-lefebvre', LILLE)}").status_code == 404


# --- 4. entry dates confirmed several at once ---------------------------------------------------------------


def _confirm(tutor, learners: list[int], page: str, *extra: tuple[str, str]):
    """The list's form as the page gives it (its hidden fields and CSRF token), with these boxes ticked."""
    form_html = page.split('id="assign-form"', 1)[1].split("</form>", 1)[0]
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form_html)
    form = [*hidden, ("action", "confirmer"), *[("learner", str(i)) for i in learners], *extra]
    assert ("csrf_token", _csrf(page)) in form
    return tutor.browser.http.post(f"{tutor.base}/tutor/referents?lt={tutor.token}", data=form, allow_redirects=False)


def _estimated(db, ids: list[int]) -> dict[int, tuple[object, ...]]:
    db.expire_all()
    rows = db.scalars(select(Membership).where(Membership.id.in_(ids)))
    return {m.id: (m.entry_date_estimated, m.facts_set_by_id, m.entry_date) for m in rows}


def test_a_tutor_confirms_two_estimated_entry_dates_at_once(visit, make, db) -> None:
    tutor = visit("nadia-haddad")
    course = _course(db)
    first, second, third = (make.member(course, name, entry_date=date(2026, 11, 2), entry_date_estimated=True,
                                        first_launch_at=None).id
                            for name in ("Amandine Lefort", "Dylan Carpentier", "Rachid Ouali"))  # fmt: skip
    db.commit()
    page = tutor.get("/tutor/?vue=tous&tri=nom").text
    assert all("(estimée)" in _row(page, i) for i in (first, second, third))
    before = utcnow()
    answer = _confirm(tutor, [first, second], page)
    assert answer.status_code == 303 and "confirmees=2" in answer.headers["Location"]
    nadia = _id(db, "nadia-haddad")
    after = _estimated(db, [first, second, third])
    assert after[first][:2] == after[second][:2] == (False, nadia) and after[third][:2] == (True, None)
    assert after[first][2] == date(2026, 11, 2)  # the date stays: it is confirmed, not changed
    for i in (first, second):
        assert as_utc(db.get(Membership, i).facts_set_at) >= before - timedelta(seconds=1)
    back = _follow(tutor, answer.headers["Location"].removeprefix(tutor.base))
    assert "Date d'entrée confirmée pour 2 personnes." in html.unescape(back.text)
    assert "estimée" not in _row(back.text, first) and "estimée" not in _row(back.text, second)
    assert "(estimée)" in _row(back.text, third)


def test_confirming_with_a_learner_of_another_course_is_a_404_and_changes_nothing(visit, make, db) -> None:
    """Lille's learner is one Nadia follows too, across courses: the form still acts on this course alone."""
    visit("nadia-haddad", LILLE)
    tutor = visit("nadia-haddad", ROUBAIX)
    mine = make.member(_course(db), "Amandine Lefort", entry_date_estimated=True).id
    lille = make.member(_course(db, LILLE), "Laura Dubois", entry_date_estimated=True).id
    unrelated = make.member(make.course("Autre cours"), "Odile Fournier", entry_date_estimated=True).id
    db.commit()
    page = tutor.get("/tutor/?vue=tous").text
    before = _estimated(db, [mine, lille, unrelated])
    assert _confirm(tutor, [mine, lille], page).status_code == 404
    assert _confirm(tutor, [mine, lille], page, ("cours", "tous")).status_code == 404
    assert _confirm(tutor, [unrelated], page).status_code == 404
    assert _estimated(db, [mine, lille, unrelated]) == before
    assert all(estimated for estimated, _, _ in before.values())


# --- 5. the grid ----------------------------------------------------------------------------------------------


def _cells(row_html: str) -> list[str]:
    """The text of each cell of a row (line breaks as « | »), the name's cell included."""
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", "<tr" + row_html, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell.replace("<br>", "|"))).strip() for cell in cells]


def test_the_grid_has_a_column_per_nursery_module_and_cells_say_status_score_and_time(app, visit, make, db) -> None:
    tutor = visit("nadia-haddad")
    with app.app_context():
        phases = yaml.safe_load((app.config["MODULES_DIR"] / "parcours.yml").read_text(encoding="utf-8"))["phases"]
        nursery = next(phase["modules"] for phase in phases if phase["id"] == "nurserie")
        others = [slug for phase in phases if phase["id"] != "nurserie" for slug in phase["modules"]]
        titles = {module.slug: module.title for module in get_catalogue().modules.values()}
    assert len(nursery) > 10 and set(nursery) <= set(titles) and others
    learner, idle = make.member(_course(db), "Bruno Zimmer"), make.member(_course(db), "Aline Martin")
    progress = {nursery[0]: (COMPLETED, 85, 600), nursery[3]: (IN_PROGRESS, None, 120), nursery[5]: (READ, 40, 1800),
                nursery[-1]: (COMPLETED, 0, 0), others[0]: (COMPLETED, 99, 6000)}  # fmt: skip
    now = utcnow()
    db.add_all(ModuleProgress(membership_id=learner.id, module_slug=slug, status=status, score_percent=score,
                              seconds_spent=seconds, pages_seen=1, pages_total=2, started_at=now, updated_at=now)
               for slug, (status, score, seconds) in progress.items())  # fmt: skip
    db.commit()
    page = tutor.get("/tutor/?vue=tous&affichage=grille&tri=nom")
    assert page.status_code == 200
    grid = page.text.split('class="learners-grid"', 1)[1]
    header = _cells(grid.split("<thead>", 1)[1].split("</thead>", 1)[0].split("<tr", 1)[1])
    assert header[-len(nursery) - 1:] == ["Apprenant", *[titles[slug] for slug in nursery]]
    assert titles[others[0]] not in header
    cells = dict(zip(nursery, _cells(_row(grid, learner.id))[-len(nursery):], strict=True))
    assert cells[nursery[0]] == "Terminé|85 %|10 min"
    assert cells[nursery[3]] == "En cours|2 min"
    assert cells[nursery[5]] == "Lu, réponses à donner|40 %|30 min"
    assert cells[nursery[-1]] == "Terminé|0 %"
    assert {cells[slug] for slug in nursery if slug not in progress} == {"Pas commencé"}
    assert set(_cells(_row(grid, idle.id))[-len(nursery):]) == {"Pas commencé"}
    assert _listed(grid) == [idle.id, learner.id]  # by name: Martin, then Zimmer


# --- 6. a bounded number of statements per page --------------------------------------------------------------

PAGES = {"list": "/tutor/?vue=tous", "grid": "/tutor/?vue=tous&affichage=grille",
         "urgency": "/tutor/?vue=tous&tri=urgence"}  # fmt: skip


def _crowd(db, course: Context, start: int, count: int, slugs: list[str]) -> None:
    """`count` learners each with progress in every module of `slugs` (bulk inserts, a few statements)."""
    now = utcnow()
    people = [{"name": f"Apprenant {n:04d}", "risk_reasons": (0, 4, 8, 12, 1)[n % 5],
               "last_activity_at": now - timedelta(minutes=n), "entry_date_estimated": n % 3 == 0}
              for n in range(start, start + count)]  # fmt: skip
    ids = _bulk_learners(db, course, people)
    statuses = (COMPLETED, IN_PROGRESS, READ)
    db.execute(insert(ModuleProgress), [
        {"membership_id": i, "module_slug": slug, "status": statuses[(i + k) % 3], "score_percent": (i * k) % 101,
         "seconds_spent": 60 * k, "pages_seen": 1, "pages_total": 3, "updated_at": now}
        for i in ids for k, slug in enumerate(slugs)])  # fmt: skip
    db.commit()


def test_each_page_costs_the_same_few_statements_at_60_or_600_learners(app, visit, db, sql) -> None:
    tutor = visit("nadia-haddad")
    course = _course(db)
    with app.app_context():
        slugs = [module.slug for module in get_catalogue().ordered()][:10]

    def statements() -> dict[str, int]:
        counted = {}
        for name, path in PAGES.items():
            tutor.get(path)  # once before: what a first request of the process may read once is not the page's
            with sql() as seen:
                page = tutor.get(path)
            assert page.status_code == 200 and len(_listed(page.text)) == PER_PAGE, name
            later = _pager(page.text, "Suivants")
            with sql() as next_page:
                assert _follow(tutor, later).status_code == 200
            counted[name], counted[f"{name}, next page"] = len(seen.statements), len(next_page.statements)
        return counted

    _crowd(db, course, 0, 60, slugs)
    few = statements()
    _crowd(db, course, 60, 540, slugs)
    assert db.scalar(select(func.count()).select_from(ModuleProgress)) == 6000
    many = statements()
    counts = f"60 learners: {few}; 600 learners: {many}"
    assert {name: many[name] for name in PAGES} == {name: few[name] for name in PAGES}, counts
    assert max(*few.values(), *many.values()) <= 15, counts
    # A page after a cursor costs what the first one does. At 60 learners the second page is the last: the
    # activity order's walk reads on past those with an activity (none here), one statement more, once.
    assert all(many[f"{name}, next page"] == many[name] for name in PAGES), counts
    assert all(few[f"{name}, next page"] - few[name] in (0, 1) for name in PAGES), counts


# --- 7. the count line ----------------------------------------------------------------------------------------


def test_a_view_of_more_than_1000_says_so_without_counting_them_all(visit, db) -> None:
    tutor = visit("nadia-haddad")
    course = _course(db)
    _bulk_learners(db, course, [{"name": f"Apprenant {n:04d}"} for n in range(1000)])
    page = tutor.get("/tutor/?vue=tous").text
    assert "1000 personnes dans cette liste" in page and "Plus de" not in page
    _bulk_learners(db, course, [{"name": "Apprenant 1000"}])
    page = tutor.get("/tutor/?vue=tous").text
    assert "Plus de 1000 personnes dans cette liste." in page and len(_listed(page)) == PER_PAGE
    assert _pager(page, "Suivants") is not None
    assert "Plus de 1000 personnes" in tutor.get("/tutor/?vue=tous&cours=tous&tri=nom").text
    assert "1 personne dans cette liste" in tutor.get("/tutor/?vue=tous&q=apprenant%201000").text
