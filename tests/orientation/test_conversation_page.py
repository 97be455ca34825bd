"""Issue 14, point 4: the page that prepares the orientation conversation. Family by family, in the path's
order whatever the results: what the learner said first (the appeal scale ending each initiation module and
the words after it), then the quiz result and the reading time, each on its own line, never added up nor ranked;
a bounded number of queries. Quizzes are taken through the real form by a launched learner."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from lms_service.content import get_catalogue
from lms_service.models import Answer, Attempt, ModuleProgress, OrientationNote, RecordRevision
from lms_service.models.records import ORIENTATION

from .conftest import FAMILIES, answer_quiz, member_id, outside, sections, send_note, spent, text, words

WEB, CYBER, DESIGN = "developpement-web", "cybersecurite", "design-numerique"


def _quizzes_taken(app, visit, db):
    """Inès: web failed but « Énormément » with her words; cyber passed with every point but « Pas du tout »."""
    ines = visit("ines-belkacem")
    with app.app_context():
        web, cyber = get_catalogue().get(WEB), get_catalogue().get(CYBER)
    answer_quiz(ines, web, right=0, said={"web-attrait": "Énormément", "web-pourquoi": "J'aime créer\net <réparer>"})
    answer_quiz(ines, cyber, right=len([q for q in cyber.questions.values() if q.points_possible]),
                said={"cyb-attrait": "Pas du tout"})  # fmt: skip
    learner = member_id(db, "ines-belkacem")
    spent(db, learner, WEB, 5 * 60)
    spent(db, learner, CYBER, 60 * 60)
    return ines, learner


def test_families_keep_the_path_s_order_and_the_learner_s_words_come_first(app, visit, db) -> None:
    _, learner = _quizzes_taken(app, visit, db)

    page = visit("nadia-haddad").get(f"/tutor/learners/{learner}/orientation")

    assert page.status_code == 200
    html = text(page)
    assert "Préparer l'entretien d'orientation avec Inès Belkacem" in words(html)
    assert "pas ce qui l'attire" in words(html)  # says what scores and time measure
    found = sections(html)
    assert list(found) == FAMILIES  # cyber's full marks and hour of reading do not move it before web
    for key, section in found.items():
        read = words(section)
        said, quiz, time, note = (read.find(part) for part in (
            "Ce que la personne a dit", "Meilleur résultat au quiz", "Temps de lecture", "Votre note pour l'entretien"))
        assert -1 < said < quiz < time < note, key
    web, cyber, design = (words(found[key]) for key in (WEB, CYBER, DESIGN))
    assert "Les métiers du développement web vous attirent-ils ? Énormément (5 sur 5)" in web
    assert "J'aime créer et <réparer>" in web and "créer<br>et &lt;réparer&gt;" in found[WEB]  # her words, escaped
    assert "Meilleur résultat au quiz : 0 % des points, pas encore réussi" in web
    assert "Temps de lecture : 5 min" in web
    assert "Pas du tout (1 sur 5)" in cyber and "100 % des points, réussi" in cyber and "Temps de lecture : 1 h 00" in cyber
    assert "Pas encore répondu." in design and "Meilleur résultat au quiz : pas encore fait" in design
    assert "Temps de lecture : pas encore de lecture" in design


def test_no_number_blends_the_appeal_the_quiz_and_the_time(app, visit, db) -> None:
    """Every number the page shows is one of a single fact: no total, no average, no rank, no combined score."""
    _, learner = _quizzes_taken(app, visit, db)

    html = text(visit("nadia-haddad").get(f"/tutor/learners/{learner}/orientation"))

    before = html.split("<section", 1)[0]
    assert not re.search(r"\d", words(before.split("</h1>", 1)[1]))
    numbers = {key: re.findall(r"\d+", words(section.split("<form", 1)[0])) for key, section in sections(html).items()}
    assert numbers[WEB] == ["5", "5", "0", "5"]  # 5 sur 5 · 0 % · 5 min
    assert numbers[CYBER] == ["1", "5", "100", "1", "00"]  # 1 sur 5 · 100 % · 1 h 00
    assert all(not found for key, found in numbers.items() if key not in (WEB, CYBER))
    for section in sections(html).values():
        facts = re.findall(r"<li>(.*?)</li>", section.split('class="orientation-facts">', 1)[1].split("</ul>")[0], re.S)
        assert [words(fact).split(" :")[0] for fact in facts] == ["Meilleur résultat au quiz", "Temps de lecture"]
    lowered = words(html).lower()
    assert not any(word in lowered for word in ("total", "moyenne", "classement", "rang ", "score global", "points en tout"))


def test_the_learner_reads_their_own_answers_results_and_the_referent_s_notes(app, visit, db) -> None:
    ines, learner = _quizzes_taken(app, visit, db)
    sent = send_note(visit("nadia-haddad"), learner, [("family", WEB), ("note", "Parlons de la formation\nà Roubaix.")])
    assert sent.status_code == 303

    path = ines.get("/")
    assert '/parcours/orientation?lt=' in path.text and "Vos choix de métiers" in path.text
    page = ines.get("/parcours/orientation")

    assert page.status_code == 200
    html = text(page)
    found = sections(html)
    assert list(found) == FAMILIES
    web = words(found[WEB])
    assert web.index("Votre réponse : Énormément.") < web.index("Vous avez écrit : J'aime créer et <réparer>") \
        < web.index("Votre quiz : 0 % des points. Pas encore réussi.") < web.index("Votre temps de lecture : 5 min.") \
        < web.index("Note de Nadia Haddad, le")  # fmt: skip
    assert "Parlons de la formation<br>à Roubaix." in found[WEB]
    assert "Vous n'avez pas encore répondu." in words(found[DESIGN]) and "Pas encore fait." in words(found[DESIGN])
    assert "<form" not in html and "textarea" not in html


def _answered(db, member_id_: int, slug: str, n: int, by: int) -> None:
    """An attempt at the module with its appeal and words, as the quiz form stores them; a note corrected by `by`."""
    module_prefix = {"developpement-web": "web", "developpement-applications-mobiles": "mob", "design-numerique": "des",
                     "cybersecurite": "cyb", "reseaux-systemes-cloud": "res", "support-informatique": "sup",
                     "relation-client-digitale": "rcd", "data-intelligence-artificielle": "dia",
                     "marketing-digital": "mkt"}[slug]  # fmt: skip
    at = datetime(2026, 11, 3 + n, 10, tzinfo=UTC)
    attempt = Attempt(membership_id=member_id_, module_slug=slug, module_version="v", number=1, question_ids=[],
                      started_at=at, submitted_at=at, score_given=5.0, score_maximum=10.0, passed=False)  # fmt: skip
    db.add(attempt)
    db.flush()
    db.add_all([Answer(attempt_id=attempt.id, question_id=f"{module_prefix}-attrait", value="Un peu", saved_at=at),
                Answer(attempt_id=attempt.id, question_id=f"{module_prefix}-pourquoi", value=f"mot {n}", saved_at=at)])
    db.add(ModuleProgress(membership_id=member_id_, module_slug=slug, status="in_progress", pages_seen=1,
                          pages_total=5, seconds_spent=600, score_percent=50, passed=False))  # fmt: skip
    note = OrientationNote(membership_id=member_id_, family=slug, body=f"note {n}", set_by_id=by, set_at=at)
    db.add(note)
    db.flush()
    db.add(RecordRevision(membership_id=member_id_, kind=ORIENTATION, record_id=note.id,
                          content={"body": "avant", "set_by_id": by, "set_at": at.isoformat()}))  # fmt: skip


def test_the_page_s_queries_do_not_grow_with_the_families_answered(app, make, db, sql) -> None:
    course = make.course("Nurserie Roubaix")
    tutor = make.member(course, "Nadia Haddad", tutor=True)
    one, every = make.member(course, "Jordan Petit"), make.member(course, "Awa Diallo")
    _answered(db, one.id, WEB, 0, tutor.id)
    for n, slug in enumerate(FAMILIES):
        _answered(db, every.id, slug, n, tutor.id)
    db.commit()
    token = make.token(tutor)

    def get(member: int):
        return outside(app.test_client().get, f"/tutor/learners/{member}/orientation?lt={token}")

    def selects(member: int) -> list[str]:
        with sql() as seen:
            assert get(member).status_code == 200
        return [s for s in seen.statements if s.lstrip().upper().startswith("SELECT")]

    selects(one.id)  # the session's first request is not the one measured
    few, many = selects(one.id), selects(every.id)
    html = get(every.id).get_data(as_text=True)
    assert "mot 8" in html and "note 8" in html and "avant" in html  # the answers, notes and versions were read
    assert html.count("Écrite par Nadia Haddad") == 18  # each note and its earlier version, with its author
    assert len(many) == len(few), (few, many)
    # The launch session, the learner, their person, the answers, the progress, the notes with their authors,
    # the notes' earlier versions and their authors' names, the LMS of the audit row.
    assert len(many) <= 9, many
