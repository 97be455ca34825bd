"""A learner's answers, type by type: read from the submitted form, refused plainly, told back after submission.

The form is hostile (content/questions/base.py): whatever it sends, a question
either reads an answer it can score or refuses with a BadResponse whose message
is said to the learner; nothing else. Drawn for answering, a question shows the
learner's own answer and never the expected one.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, get_template_attribute
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from lms_service import i18n
from lms_service.content.questions import BadResponse, Question

from .helpers import question

SINGLE = question("""
id: langage
type: single
prompt: Quel langage décrit la structure d'une page web ?
choices:
  - {id: html, text: HTML, feedback: "Oui : HTML dit ce qu'est chaque partie de la page."}
  - {id: python, text: Python, feedback: "Python fait tourner des programmes, il ne décrit pas une page."}
answer: html
feedback: HTML décrit la structure ; CSS, l'apparence.
""")
MULTIPLE = question("""
id: outils
type: multiple
prompt: Quels outils servent à écrire une page web ?
choices: [{id: editeur, text: Un éditeur de texte}, {id: navigateur, text: Un navigateur}, {id: perceuse, text: Une perceuse}]
answer: [editeur, navigateur]
""")
MULTIPLE_WITH_NOTES = question("""
id: outils-notes
type: multiple
prompt: Quels outils servent à écrire une page web ?
choices:
  - {id: editeur, text: Un éditeur de texte, feedback: "Oui, on y écrit le code."}
  - {id: navigateur, text: Un navigateur, feedback: "Oui, pour voir le résultat."}
  - {id: perceuse, text: Une perceuse, feedback: "Non, c'est un outil de bricolage."}
answer: [editeur, navigateur]
""")
NUMERIC = question("id: prix\ntype: numeric\nprompt: Combien ?\nanswer: 3.5\ntolerance: 0.1\nunit: €\n")
TEXT = question("id: mot\ntype: text\nprompt: Quel mot ?\nanswers: [l'équipe]\n")
ORDERING = question("""
id: etapes
type: ordering
prompt: Dans quel ordre ?
items: [{id: lire, text: Lire l'offre}, {id: ecrire, text: Écrire la lettre}, {id: envoyer, text: Envoyer}]
answer: [lire, ecrire, envoyer]
""")
LIKERT = question("id: envie\ntype: likert\nprompt: Envie ?\nscale: [Pas du tout, Un peu, Beaucoup]\n")
FREE = question("id: pourquoi\ntype: free\nprompt: Pourquoi ?\n")
ALL = [SINGLE, MULTIPLE, NUMERIC, TEXT, ORDERING, LIKERT, FREE]
IDS = [q.type_name for q in ALL]


def form(**fields: str | list[str]) -> MultiDict[str, str]:
    """A submitted form: q_prix="3" is the field q-prix; a list sends the field several times."""
    pairs = []
    for name, sent in fields.items():
        pairs += [(name.replace("_", "-"), value) for value in ([sent] if isinstance(sent, str) else sent)]
    return MultiDict(pairs)


@pytest.mark.parametrize(
    ("asked", "sent", "read"),
    [
        (SINGLE, form(q_langage="python"), "python"),
        (MULTIPLE, form(q_outils=["navigateur", "editeur"]), ["editeur", "navigateur"]),
        (NUMERIC, form(q_prix=" 3,5 € "), "3,5 €"),
        (TEXT, form(q_mot="L’équipe"), "L’équipe"),
        (ORDERING, form(q_etapes_lire="1", q_etapes_ecrire="3", q_etapes_envoyer="2"), ["lire", "envoyer", "ecrire"]),
        (LIKERT, form(q_envie="Un peu"), "Un peu"),
        (FREE, form(q_pourquoi="Pour trouver un emploi."), "Pour trouver un emploi."),
    ],
    ids=IDS,
)
def test_each_type_reads_what_its_fields_send(asked: Question, sent: MultiDict[str, str], read: object) -> None:
    assert asked.read_response(sent) == read


@pytest.mark.parametrize("asked", ALL, ids=IDS)
def test_a_question_left_blank_has_no_answer(asked: Question) -> None:
    blank = MultiDict([(asked.field_name, "  ")] + [(f"{asked.field_name}-{i}", "") for i in ("lire", "ecrire")])
    assert asked.read_response(MultiDict()) is None
    assert asked.read_response(blank) is None


@pytest.mark.parametrize(
    ("asked", "sent", "said"),
    [
        (SINGLE, form(q_langage="java"), "ne fait pas partie des choix"),
        (SINGLE, form(q_langage=["html", "python"]), "Une seule réponse"),
        (MULTIPLE, form(q_outils=["editeur", "marteau"]), "ne fait pas partie des choix"),
        (NUMERIC, form(q_prix="trois"), "Écrivez un nombre"),
        (NUMERIC, form(q_prix="1" * 41), "Écrivez un nombre"),
        (NUMERIC, form(q_prix="1_000"), "Écrivez un nombre"),
        (NUMERIC, form(q_prix="٣"), "Écrivez un nombre"),
        (NUMERIC, form(q_prix="1.500 €"), "milliers avec une espace"),
        (TEXT, form(q_mot="a" * 301), "trop longue"),
        (ORDERING, form(q_etapes_lire="1", q_etapes_ecrire="1", q_etapes_envoyer="2"), "place différente"),
        (ORDERING, form(q_etapes_lire="1", q_etapes_ecrire="2"), "place différente"),
        (ORDERING, form(q_etapes_lire="1", q_etapes_ecrire="2", q_etapes_envoyer="4"), "de 1 à 3"),
        (ORDERING, form(q_etapes_lire="-1", q_etapes_ecrire="2", q_etapes_envoyer="3"), "de 1 à 3"),
        (ORDERING, form(q_etapes_lire="²", q_etapes_ecrire="2", q_etapes_envoyer="3"), "de 1 à 3"),
        (LIKERT, form(q_envie="Énormément"), "niveaux proposés"),
        (FREE, form(q_pourquoi="a" * 2001), "trop longue"),
    ],
)
def test_what_a_question_cannot_take_is_refused_plainly(asked: Question, sent: MultiDict[str, str], said: str) -> None:
    with pytest.raises(BadResponse, match=said):
        asked.read_response(sent)


@given(
    asked=st.sampled_from(ALL),
    values=st.lists(st.tuples(st.sampled_from(["", "-lire", "-ecrire", "-envoyer", "-autre"]), st.text(max_size=60))),
)
def test_whatever_the_form_sends_an_answer_is_read_or_refused(asked: Question, values: list[tuple[str, str]]) -> None:
    sent = MultiDict([(asked.field_name + suffix, value) for suffix, value in values])
    try:
        read = asked.read_response(sent)
    except BadResponse as refusal:
        assert str(refusal)
        return
    earned, possible = asked.score(read)
    assert 0 <= earned <= possible


def test_after_a_wrong_answer_the_learner_sees_why_but_not_the_right_one() -> None:
    seen = SINGLE.feedback_view("python", reveal=False)
    assert (seen["answered"], seen["correct"]) == (True, False)
    assert [chosen["feedback"] for chosen in seen["why"]] == ["Python fait tourner des programmes, il ne décrit pas une page."]
    assert seen["expected"] == [] and seen["explanation"] is None

    revealed = SINGLE.feedback_view("python", reveal=True)
    assert [str(html) for html in revealed["expected"]] == ["HTML"]
    assert revealed["explanation"] == "HTML décrit la structure ; CSS, l'apparence."


def test_notes_on_ticked_options_wait_for_the_answers_to_be_shown() -> None:
    """Ticking every option of a multiple choice must not reveal, through the notes, which are right."""
    ticked_all = MULTIPLE_WITH_NOTES.feedback_view(["editeur", "navigateur", "perceuse"], reveal=False)
    assert ticked_all["why"] == [] and ticked_all["expected"] == []
    assert len(MULTIPLE_WITH_NOTES.feedback_view(["editeur", "perceuse"], reveal=True)["why"]) == 2
    assert SINGLE.feedback_view("html", reveal=False)["why"]  # right: its note gives nothing away


def test_a_comment_as_long_as_the_browser_allows_is_taken() -> None:
    """A textarea's maxlength counts a line break as one character; the form sends two (CRLF)."""
    comment = ("a" * 98 + "\r\n") * 20
    assert len(FREE.read_response(form(q_pourquoi=comment[:-2]))) == 20 * 99 - 1


def test_a_right_answer_shows_the_explanation_and_partial_credit_says_so() -> None:
    assert SINGLE.feedback_view("html", reveal=False)["explanation"] == "HTML décrit la structure ; CSS, l'apparence."
    partial = MULTIPLE.feedback_view(["editeur"], reveal=False)
    assert (partial["correct"], partial["partial"], partial["earned"], partial["possible"]) == (False, True, 0.5, 1)
    assert LIKERT.feedback_view("Un peu", reveal=True)["graded"] is False


@pytest.fixture
def views(tmp_path: Path) -> Flask:
    """The service's templates and translations, without its database."""
    app = Flask("lms_service", instance_path=str(tmp_path))
    app.config.update(LANGUAGES=["fr", "en"], BABEL_DEFAULT_LOCALE="fr")
    i18n.init_app(app)
    return app


@pytest.mark.parametrize(
    ("asked", "answer", "shown"),
    [
        (SINGLE, "python", 'value="python" checked'),
        (MULTIPLE, ["navigateur"], 'value="navigateur" checked'),
        (NUMERIC, "3,4", 'value="3,4"'),
        (TEXT, "équipe", 'value="équipe"'),
        (ORDERING, ["ecrire", "lire", "envoyer"], '<option value="2" selected>'),
        (LIKERT, "Beaucoup", 'value="Beaucoup" checked'),
        (FREE, "Pour travailler", ">Pour travailler</textarea>"),
    ],
    ids=IDS,
)
def test_a_question_to_answer_shows_the_learners_answer_and_never_the_expected_one(
    views: Flask, asked: Question, answer: object, shown: str
) -> None:
    with views.test_request_context():
        answering = get_template_attribute("questions/_answer.html", "answering")
        blank, refilled = str(answering(asked, 1)), str(answering(asked, 1, answer, "Écrivez un nombre."))
    assert f'name="{asked.field_name}' in blank and shown not in blank
    assert shown in refilled
    assert f'aria-describedby="{asked.field_name}-prompt {asked.field_name}-error"' in refilled and "Écrivez un nombre." in refilled
    for secret in ("3.5", "3,5", "l'équipe", "l&#39;équipe", "CSS", "Python fait tourner", "Oui :"):
        assert secret not in blank


def test_feedback_reveals_the_expected_answer_only_when_told(views: Flask) -> None:
    with views.test_request_context():
        feedback = get_template_attribute("questions/_feedback.html", "feedback")
        hidden = str(feedback(SINGLE, 1, SINGLE.feedback_view("python", reveal=False)))
        shown = str(feedback(SINGLE, 1, SINGLE.feedback_view("python", reveal=True)))
    assert "Pas tout à fait" in hidden and "Python fait tourner des programmes" in hidden
    assert "La bonne réponse" not in hidden
    assert "La bonne réponse :</strong> HTML" in shown
