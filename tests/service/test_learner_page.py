"""The référent's learner page (issue 13, point 6): the activity newest first, a page at a time, in the learner's
weeks; time per module; attempts and where their score stands in the LMS gradebook; self-assessment answers and
how much each family of jobs appeals, never a survey's answers, never for a mentor; a bounded number of queries.

People and their activity are made with the factories (exact moments make the order checkable); the launches,
the quiz and survey forms are the real ones where a test is about them.
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from html import unescape

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from lms_service.models import Answer, Attempt, GradeOutbox, Membership, ModuleProgress, PageView, User
from lms_service.models.grades import NOT_GRADABLE, PENDING, SENT
from lms_service.security.csrf import csrf_token
from lms_service.tutor.timeline import LIMIT

from ..quiz_taking import Quiz

WEB, CYBER, DESIGN, CONFIDENCE = "developpement-web", "cybersecurite", "design-numerique", "confiance-en-soi"
SURVEY = "questionnaire-satisfaction"
ENTRY = date(2026, 11, 2)  # a Monday: the 3rd is in week 1, the 10th and 11th in week 2


def _outside(call, *args, **kwargs):
    """Run a request outside the fixture's app context, as real requests are."""
    with ThreadPoolExecutor(1) as outside:
        return outside.submit(call, *args, **kwargs).result()


def _page(app, token: str, member_id: int, **args: str):
    query = "".join(f"&{key}={value}" for key, value in args.items())
    return _outside(app.test_client().get, f"/tutor/learners/{member_id}?lt={token}{query}")


def _text(response) -> str:
    """The page as read: entities written out (the templates write an apostrophe either way)."""
    return unescape(response.get_data(as_text=True))


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _events(html: str) -> list[str]:
    """The timeline's lines, as read (tags taken out, spaces folded)."""
    section = html.split('id="activite"', 1)[1].split('<h2 id="quiz"', 1)[0]
    lines = re.findall(r'<li><time datetime="[^"]+">.*?</li>', section, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", line).split()) for line in lines]


def _in_order(text: str, parts: list[str]) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} missing or out of order"
        at = found


def _course_with_tutor(make):
    course = make.course("Nurserie Roubaix")
    tutor = make.member(course, "Nadia Haddad", tutor=True)
    return course, tutor


def _attempt(db, member, slug: str, number: int, at: datetime, score: float | None = None, passed: bool | None = None,
             answers: dict[str, object] | None = None) -> Attempt:  # fmt: skip
    attempt = Attempt(membership_id=member.id, module_slug=slug, module_version="v", number=number,
                      question_ids=list(answers or {}), started_at=at - timedelta(minutes=5), submitted_at=at,
                      score_given=score, score_maximum=10.0 if score is not None else None, passed=passed)  # fmt: skip
    db.add(attempt)
    db.flush()
    for question_id, value in (answers or {}).items():
        db.add(Answer(attempt_id=attempt.id, question_id=question_id, value=value, saved_at=at))
    return attempt


def _grade(db, member, slug: str, status: str, at: datetime, score: float = 9.0) -> None:
    db.add(GradeOutbox(membership_id=member.id, module_slug=slug, score_given=score, score_maximum=10.0,
                       activity_progress="Completed", grading_progress="FullyGraded", timestamp=at, updated_at=at,
                       status=status, sent_at=at if status == SENT else None, last_tried_at=at, tries=1,
                       last_error_kind="not_gradable" if status == NOT_GRADABLE else None))  # fmt: skip


def _pages(db, member, slug: str, times: list[datetime], seconds: int = 30) -> None:
    for n, at in enumerate(times):
        db.add(PageView(membership_id=member.id, module_slug=slug, page_id=f"{slug}-page-{n}-{at:%d%H%M}",
                        first_seen_at=at, last_seen_at=at, seconds_spent=seconds))  # fmt: skip


def _a_fortnight(make, member) -> None:
    """Two weeks of a learner: launch, the web module read, failed, passed and its score sent; a refused score."""
    db = make.db
    db.add(ModuleProgress(membership_id=member.id, module_slug=WEB, status="completed", pages_seen=5, pages_total=5,
                          seconds_spent=3900, started_at=_at(3, 9, 5), completed_at=_at(10, 14, 50),
                          answered_at=_at(10, 14, 50)))  # fmt: skip
    db.add(ModuleProgress(membership_id=member.id, module_slug=CYBER, status="in_progress", pages_seen=1,
                          pages_total=8, seconds_spent=40, started_at=_at(10, 23, 30)))  # fmt: skip
    _pages(db, member, WEB, [_at(3, 9, 5), _at(3, 9, 10), _at(3, 9, 20), _at(10, 14, 0), _at(10, 14, 10)])
    _pages(db, member, CYBER, [_at(10, 23, 30)])  # half past midnight in Paris: the 11th
    _attempt(db, member, WEB, 1, _at(10, 14, 30), 4.0, False)
    said = {"web-attrait": "Beaucoup", "web-pourquoi": "Le code\nme plaît"}
    _attempt(db, member, WEB, 2, _at(10, 14, 50), 9.0, True, said)
    _grade(db, member, WEB, SENT, _at(10, 15, 1))
    _grade(db, member, CYBER, NOT_GRADABLE, _at(12, 10, 0))
    db.flush()


def test_the_timeline_tells_the_learner_s_fortnight_newest_first_in_their_weeks(app, make) -> None:
    course, tutor = _course_with_tutor(make)
    learner = make.member(course, "Inès Belkacem", entry_date=ENTRY, first_launch_at=_at(3, 9, 0),
                          facts_set_by_id=tutor.id, facts_set_at=_at(4, 9, 0))  # fmt: skip
    _a_fortnight(make, learner)
    token = make.token(tutor)

    html = _text(_page(app, token, learner.id))

    assert _events(html) == [
        "11:00 – Note de « La cybersécurité » refusée par le carnet de notes de la plateforme ( pourquoi )",
        "00:30 – Lecture de « La cybersécurité » : 1 nouvelle page",
        "00:30 – Début du module « La cybersécurité »",
        "16:01 – Note de « Le développement web » reçue par le carnet de notes de la plateforme (90 %)",
        "15:50 – Module « Le développement web » terminé",
        "15:50 – Essai 2 de « Le développement web » rendu : 90 % des points, réussi",
        "15:30 – Essai 1 de « Le développement web » rendu : 40 % des points, pas encore réussi",
        "15:10 – Lecture de « Le développement web » : 2 nouvelles pages",
        "10:20 – Lecture de « Le développement web » : 3 nouvelles pages",
        "10:05 – Début du module « Le développement web »",
        "10:00 – Première connexion à l'outil",
    ]  # Paris time; one line per module and day for pages; the passing attempt before the module it completes
    _in_order(html, ["Semaine 2 · jeudi 12 novembre 2026", "Semaine 2 · mercredi 11 novembre 2026",
                     "Semaine 2 · mardi 10 novembre 2026", "Semaine 1 · mardi 3 novembre 2026"])  # fmt: skip
    assert f'href="/tutor/learners/{learner.id}/quiz/{WEB}/essais/2?lt={token}"' in html
    assert "Voir l'activité plus ancienne" not in html
    assert "Date d'entrée et modalité enregistrées par Nadia Haddad le 04/11/2026 10:00." in html
    quiz = html.split('id="quiz-developpement-web"')[1].split("</section>")[0]
    assert "Note pour le carnet de notes : 90 %." in quiz and "Note reçue par le carnet de notes" in quiz
    refused = html.split('id="quiz-cybersecurite"')[1].split("</section>")[0]  # where « pourquoi » leads
    assert "Note pour le carnet de notes : 90 %. La plateforme refuse une note pour cette personne" in refused


def test_time_per_module_reads_in_minutes_and_hours(app, make) -> None:
    course, tutor = _course_with_tutor(make)
    learner = make.member(course, "Kévin Dufour")
    make.progress(learner, WEB, 5, 5, seconds=3900)
    make.progress(learner, CYBER, 1, 8, seconds=40)
    make.progress(learner, DESIGN, 2, 8, seconds=12 * 60 + 10)

    html = _text(_page(app, make.token(tutor), learner.id))

    table = html.split('id="modules"')[1].split("</table>")[0]
    row = r'<th scope="row"[^>]*>([^<]+)</th>.*?<td data-label="Temps de lecture">([^<]+)</td>'
    cells = dict(re.findall(row, table, re.S))
    assert cells["Le développement web"] == "1 h 05"
    assert cells["La cybersécurité"] == "moins d'une minute"
    assert cells["Le design numérique"] == "12 min"
    assert cells["Temps de lecture en tout"] == "1 h 18"
    assert cells["Réseaux, systèmes et cloud"] == "–"


def test_older_activity_is_a_link_away_without_gaps_or_repeats(app, make) -> None:
    """Attempts of the same microsecond, at the cursor's edge included: every event once, LIMIT a page."""
    course, tutor = _course_with_tutor(make)
    learner = make.member(course, "Sofiane Amrani", entry_date=ENTRY, first_launch_at=_at(3, 8, 0))
    db = make.db
    for n in range(1, 71):
        _attempt(db, learner, CONFIDENCE, n, _at(4, 9) + timedelta(minutes=10 * (n // 3)), 6.0, True)  # three a moment
    db.add(ModuleProgress(membership_id=learner.id, module_slug=CONFIDENCE, status="completed", pages_seen=4,
                          pages_total=4, started_at=_at(3, 8, 0), completed_at=_at(4, 9)))  # fmt: skip
    db.flush()
    token = make.token(tutor)

    seen, args, pages = [], {}, 0
    while True:
        html = _text(_page(app, token, learner.id, **args))
        lines = _events(html)
        assert 0 < len(lines) <= LIMIT
        seen += lines
        pages += 1
        found = re.search(r'href="[^"]*[?&]depuis=([^&"]+)[^"]*#activite">Voir l\'activité plus ancienne', html)
        if found is None:
            break
        args = {"depuis": found.group(1)}
        assert "Revenir à l'activité la plus récente" in _text(_page(app, token, learner.id, **args))
    essais = [line for line in seen if "Essai" in line]
    assert len(essais) == 70 and len(set(essais)) == 70
    assert len(seen) == 73 and pages == 3  # 70 attempts, the module begun and completed, the first launch
    assert seen[-1].endswith("Première connexion à l'outil")
    assert [int(re.search(r"Essai (\d+)", line).group(1)) for line in essais] == list(range(70, 0, -1))


def test_a_learner_of_another_course_or_lms_is_a_404_and_a_forged_cursor_a_400(app, make) -> None:
    course, tutor = _course_with_tutor(make)
    learner = make.member(course, "Inès Belkacem")
    elsewhere = make.member(make.course("Nurserie Lille"), "Sarah Lefebvre")
    other_lms = make.member(make.course("Nurserie d'ailleurs", lms_id=make.lms()), "Odile Fournier")
    token = make.token(tutor)

    assert _page(app, token, elsewhere.id).status_code == 404
    assert _page(app, token, other_lms.id).status_code == 404
    assert _page(app, token, 999999).status_code == 404
    for forged in ("hier", "20261110T143000.000000_3_1 OR 1=1", "20261110T143000.000000_3_99999999999999999999",
                   "20261310T143000.000000_1_x"):  # fmt: skip
        assert _page(app, token, learner.id, depuis=forged).status_code == 400, forged
    assert _page(app, token, learner.id, depuis="20261110T143000.000000_3_000000000001").status_code == 200


def test_a_mentor_follows_the_activity_but_sees_no_answers_nor_e_mail(visit, make, db) -> None:
    """Real launches: Inès takes the web quiz; Olivier, her mentor, reads her page; Nadia, her référente, too."""
    Quiz(visit, "ines-belkacem").send([])
    ines = db.scalars(select(Membership).join(User).where(User.sub == "ines-belkacem")).one()
    _attempt(db, ines, CONFIDENCE, 1, datetime.now(UTC), 5.0, True,
             {"conf-auto1": "Plutôt oui", "conf-auto6": "Finir la nurserie", "conf-q2": "a"})  # fmt: skip
    db.commit()

    mentor = visit("olivier-martin").get(f"/tutor/learners/{ines.id}")
    assert mentor.status_code == 200
    main = unescape(mentor.text.split("<main", 1)[1])
    assert "Essai 1 de « Le développement web » rendu" in main and "Première connexion à l'outil" in main
    assert "@" not in main and 'name="entry_date"' not in main
    assert "Finir la nurserie" not in main and "Plutôt oui" not in main and 'id="auto-evaluation"' not in main
    assert 'id="quiz"' not in main and "/essais/" not in main  # answers and expected answers are the référent's

    referent = unescape(visit("nadia-haddad").get(f"/tutor/learners/{ines.id}").text)
    answers = referent.split('id="auto-confiance-en-soi"')[1].split("</section>")[0]
    assert "Plutôt oui" in answers and "Finir la nurserie" in answers
    assert "savoir-être" not in answers  # a graded question's answer stays on the attempt's own page
    assert "Essai 1 de « Le développement web » rendu" in referent


def test_a_survey_s_answers_are_never_shown_for_one_person(app, make) -> None:
    """Answered through the real survey form: the page says it was sent, never what it said."""
    course, tutor = _course_with_tutor(make)
    learner = make.member(course, "Inès Belkacem")
    learner_token = make.token(learner)
    with app.test_request_context():
        csrf = csrf_token(learner_token)
    comment = "Signé Inès, trop de lecture"
    form = MultiDict([("lt", learner_token), ("csrf_token", csrf), ("attempt", "1"), ("revision", "0"),
                      ("q-sat-duree", "longue"), ("q-sat-ameliorer", comment), ("valider", "1")])  # fmt: skip
    sent = _outside(app.test_client().post, f"/quiz/{SURVEY}/?lt={learner_token}", data=form)
    assert sent.status_code == 303, sent.get_data(as_text=True)[-500:]
    make.db.expire_all()

    for viewer in (tutor, make.member(course, "Claire Vasseur", tutor=True, is_admin=True)):
        html = _text(_page(app, make.token(viewer), learner.id))
        assert "Questionnaire « Votre avis sur la nurserie » envoyé" in html
        assert "Signé" not in html and "Trop longue" not in html and "trop de lecture" not in html
        assert "Aucune réponse d'auto-évaluation pour l'instant." in html and 'id="appeal-caption"' not in html


def test_the_jobs_that_appeal_most_come_first(app, make) -> None:
    course, tutor = _course_with_tutor(make)
    learner = make.member(course, "Mehdi Bensaïd")
    db = make.db
    _attempt(db, learner, WEB, 1, _at(10, 9), 9.0, True, {"web-attrait": "Beaucoup"})
    _attempt(db, learner, CYBER, 1, _at(11, 9), 3.0, False, {"cyb-attrait": "Énormément"})
    _attempt(db, learner, CYBER, 2, _at(12, 9), 9.0, True, {"cyb-attrait": "Un peu", "cyb-pourquoi": "Les horaires"})
    _attempt(db, learner, DESIGN, 1, _at(13, 9), 9.0, True, {"des-attrait": "Énormément"})
    db.flush()

    html = _text(_page(app, make.token(tutor), learner.id))

    table = html.split('id="appeal-caption"')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td data-label="Réponse">(.*?)</td>', table, re.S)
    answered = [(title, re.sub(r"<[^>]+>", "", cell).strip()) for title, cell in rows[:3]]
    assert answered == [
        ("Le design numérique", "Énormément (5 sur 5)"),
        ("Le développement web", "Beaucoup (4 sur 5)"),
        ("La cybersécurité", "Un peu (2 sur 5)"),  # the last attempt's word counts, not the first one's
    ]
    assert all("Pas encore de réponse" in cell for _, cell in rows[3:]) and len(rows) == 9
    assert "Les horaires" in html.split('id="auto-cybersecurite"')[1]


def test_the_page_s_queries_do_not_grow_with_the_learner_s_activity(app, make, sql) -> None:
    course, tutor = _course_with_tutor(make)
    quiet = make.member(course, "Jordan Petit", entry_date=ENTRY, first_launch_at=_at(3, 9, 0))
    busy = make.member(course, "Awa Diallo", entry_date=ENTRY, first_launch_at=_at(3, 9, 0))
    _a_fortnight(make, busy)
    db = make.db
    self_assessed = {DESIGN: "des-attrait", CONFIDENCE: "conf-auto1", "support-informatique": "sup-attrait",
                     "marketing-digital": "mkt-attrait", "projet-agile": "ag-auto1"}  # fmt: skip
    for n, (slug, question) in enumerate(self_assessed.items()):
        _pages(db, busy, slug, [_at(4 + n, 10, minute) for minute in range(0, 50, 5)])
        for number in range(1, 9):
            _attempt(db, busy, slug, number, _at(4 + n, 11, number), 5.0, number > 6, {question: "Un peu"})
        _grade(db, busy, slug, PENDING if n % 2 else SENT, _at(4 + n, 12))
    db.flush()
    token = make.token(tutor)
    assert _page(app, token, quiet.id).status_code == 200  # the session's first request is not the one measured

    def selects(member_id: int, **args: str) -> list[str]:
        with sql() as seen:
            assert _page(app, token, member_id, **args).status_code == 200
        return [s for s in seen.statements if s.lstrip().upper().startswith("SELECT")]

    few, many = selects(quiet.id), selects(busy.id)
    older = re.search(r"depuis=([^&\"#]+)", _text(_page(app, token, busy.id))).group(1)
    assert "Un peu" in _text(_page(app, token, busy.id)).split('id="auto-evaluation"')[1]  # the answers were read
    assert len(many) == len(few) == len(selects(busy.id, depuis=older)), (few, many)
    # The launch session, the learner, their person, progress, outbox, page views, the timeline's attempts, the
    # quizzes' attempts and allowances, the self-assessment answers (and who last set the facts, when someone did).
    assert len(many) <= 11, many


def test_the_whole_path_s_score_is_told_with_where_it_stands(app, make) -> None:
    course, tutor = _course_with_tutor(make)
    learner = make.member(course, "Lucas Martin", first_launch_at=_at(3, 9, 0))
    _grade(make.db, learner, "parcours", NOT_GRADABLE, _at(12, 10, 0))
    make.db.flush()

    html = _text(_page(app, make.token(tutor), learner.id))

    assert _events(html) == [
        "11:00 – Note de « Parcours entier » refusée par le carnet de notes de la plateforme ( pourquoi )",
        "10:00 – Première connexion à l'outil",
    ]
    assert 'href="#quiz-parcours"' in html
    section = html.split('id="quiz-parcours"')[1].split("</section>")[0]
    assert "Part des modules notés réussis : 90 %. La plateforme refuse une note pour cette personne" in section
