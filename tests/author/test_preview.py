"""Trainers preview every module as learners see it, with the expected answers; nobody else does."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from lms_service.content import get_catalogue
from lms_service.models import ModuleProgress, PageView

from .conftest import AUTHOR, LEARNER, TUTOR

ARTICLE = re.compile(r'<article class="module-page">.*?</article>', re.S)
EXPECTED = re.compile(r'<section class="success expected-answer".*?</section>', re.S)
FEEDBACK = ("Oui, HTML décrit la structure.", "Non, Python sert côté serveur.", "On dit « browser ».")


def text_of(response) -> str:
    """The page as read, entities decoded, so messages with apostrophes compare plainly."""
    return html.unescape(response.text)


def squeeze(markup: str) -> str:
    return re.sub(r"\s+", " ", markup)


def test_the_author_sees_every_module_with_kind_pages_questions_and_version(app: Flask, visit) -> None:
    with app.app_context():
        modules = get_catalogue().ordered()
    page = visit(AUTHOR).get("/author/")
    assert page.status_code == 200
    text = text_of(page)
    for module in modules:
        assert module.title in text
        pages, questions = len(module.pages), len(module.questions)
        assert f"{pages} pages · {questions} question{'s' if questions > 1 else ''}" in text
        assert f"version {module.version[:8]}" in text
    assert "Test de positionnement" in text and "Initiation à un métier" in text and "Questionnaire" in text


def test_the_preview_shows_each_expected_answer_and_every_feedback(modules_dir: Path, visit) -> None:
    author = visit(AUTHOR)
    journee = text_of(author.get("/author/modules/exemple/journee"))
    assert journee.count("<strong>Réponse attendue</strong>") == 2
    for feedback in FEEDBACK[:2]:
        assert feedback in journee
    assert "HTML (bonne réponse) : Oui" in journee and "Python (mauvaise réponse) : Non" in journee
    assert "<ul><li>Un éditeur de code</li><li>Un navigateur web</li></ul>" in journee

    calculs = text_of(author.get("/author/modules/exemple/calculer-et-ecrire"))
    assert "21 € (à 0,5 € près)" in calculs
    assert "<li>browser</li>" in calculs and "<li>web browser</li>" in calculs
    assert "Explication : On dit « browser »." in calculs
    expected_order = "<ol><li>Écouter le besoin</li><li>Dessiner la maquette</li><li>Mettre en ligne</li></ol>"
    assert expected_order in calculs

    avis = text_of(author.get("/author/modules/exemple/avis"))
    assert avis.count("ne compte pas dans la note") == 3
    assert avis.count("Aucune : toutes les réponses sont acceptées.") == 3


def test_the_preview_is_the_learner_page_plus_the_answers(modules_dir: Path, visit) -> None:
    learner_page = visit(LEARNER).get("/modules/exemple/journee").text
    preview = visit(AUTHOR).get("/author/modules/exemple/journee").text
    learner_article = ARTICLE.search(learner_page)
    preview_article = ARTICLE.search(preview)
    assert learner_article and preview_article
    assert squeeze(EXPECTED.sub("", preview_article[0])) == squeeze(learner_article[0])
    assert "Page 2 sur 4" in preview


def test_the_learner_page_never_shows_answers_or_feedback(modules_dir: Path, visit) -> None:
    learner = visit(LEARNER)
    for page_id in ("journee", "calculer-et-ecrire", "avis"):
        text = text_of(learner.get(f"/modules/exemple/{page_id}"))
        assert "Réponse attendue" not in text and "bonne réponse" not in text
        for feedback in FEEDBACK:
            assert feedback not in text
        assert "0,5" not in text and "web browser" not in text


def test_previewing_records_no_progress(modules_dir: Path, visit, db) -> None:
    author = visit(AUTHOR)
    for page_id in ("les-metiers-du-coeur", "journee", "calculer-et-ecrire", "avis"):
        assert author.get(f"/author/modules/exemple/{page_id}").status_code == 200
    assert db.scalar(select(func.count()).select_from(PageView)) == 0
    assert db.scalar(select(func.count()).select_from(ModuleProgress)) == 0


def test_a_tutor_may_preview_too(modules_dir: Path, visit) -> None:
    tutor = visit(TUTOR)
    assert tutor.get("/author/").status_code == 200
    assert "Réponse attendue" in tutor.get("/author/modules/exemple/journee").text


def test_a_module_opens_on_its_first_page(modules_dir: Path, visit) -> None:
    response = visit(AUTHOR).get("/author/modules/exemple/")
    assert response.url.split("?")[0].endswith("/author/modules/exemple/les-metiers-du-coeur")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/author/", "/author/modules/exemple/", "/author/modules/exemple/journee"])
def test_a_learner_gets_403_on_every_author_page(modules_dir: Path, visit, path: str) -> None:
    response = visit(LEARNER).get(path)
    assert response.status_code == 403
    assert "Réponse attendue" not in response.text and "pas accessible avec votre rôle" in response.text


def test_without_a_launch_the_preview_is_401(tool_server) -> None:
    import requests

    assert requests.get(f"{tool_server.url}/author/", timeout=10).status_code == 401


@pytest.mark.parametrize(("persona", "shown"), [(AUTHOR, True), (TUTOR, True), (LEARNER, False)])
def test_the_menu_links_the_preview_for_authors_and_tutors(visit, persona: str, shown: bool) -> None:
    page = visit(persona).get("/").text
    assert ('href="/author/?lt=' in page) is shown


def test_an_unknown_module_or_page_is_a_404(modules_dir: Path, visit) -> None:
    author = visit(AUTHOR)
    assert author.get("/author/modules/inconnu/").status_code == 404
    assert author.get("/author/modules/exemple/inconnue").status_code == 404
