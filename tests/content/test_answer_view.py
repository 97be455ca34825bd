"""The trainer's preview shows each question's expected answer and feedback, safely escaped."""

import pytest

from .helpers import question


def test_single_choice_shows_the_right_choice_and_each_feedback() -> None:
    view = question("""
id: q
type: single
prompt: Lequel ?
feedback: Explication générale.
choices:
  - {id: a, text: "**HTML**", feedback: Oui.}
  - {id: b, text: Python}
answer: a
""").answer_view()
    assert view["expected"] == ["<strong>HTML</strong>"]
    assert view["choices"] == [
        {"html": "<strong>HTML</strong>", "feedback": "Oui.", "correct": True},
        {"html": "Python", "feedback": None, "correct": False},
    ]
    assert view["feedback"] == "Explication générale." and view["graded"] is True and not view["ordered"]


def test_multiple_choice_shows_every_right_choice() -> None:
    view = question("""
id: q
type: multiple
prompt: Lesquels ?
choices: [{id: a, text: Un}, {id: b, text: Deux}, {id: c, text: Trois}]
answer: [c, a]
""").answer_view()
    assert view["expected"] == ["Un", "Trois"]
    assert [choice["correct"] for choice in view["choices"]] == [True, False, True]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("answer: 21\nunit: €", "21 €"),
        ("answer: 3.5\ntolerance: 0.1\nunit: m", "3,5 m (à 0,1 m près)"),
        ("answer: 7", "7"),
    ],
)
def test_numeric_shows_the_number_as_learners_write_it(extra: str, expected: str) -> None:
    view = question(f"id: q\ntype: numeric\nprompt: Combien ?\n{extra}\n").answer_view()
    assert view["expected"] == [expected]


def test_text_answers_are_escaped() -> None:
    view = question('id: q\ntype: text\nprompt: Quelle balise ?\nanswers: ["<p>", paragraphe]\n').answer_view()
    assert [str(answer) for answer in view["expected"]] == ["&lt;p&gt;", "paragraphe"]


def test_ordering_shows_the_right_order() -> None:
    view = question("""
id: q
type: ordering
prompt: Dans l'ordre ?
items: [{id: b, text: Deux}, {id: a, text: Un}]
answer: [a, b]
""").answer_view()
    assert view["expected"] == ["Un", "Deux"] and view["ordered"] is True


@pytest.mark.parametrize(
    "yaml_text",
    [
        "id: q\ntype: likert\nprompt: D'accord ?\nscale: [Non, Oui]\n",
        "id: q\ntype: free\nprompt: Pourquoi ?\n",
        "id: q\ntype: single\ngraded: false\nprompt: Comment ?\nchoices: [{id: a, text: Ami}, {id: b, text: Non}]\n",
    ],
    ids=["likert", "free", "ungraded-single"],
)
def test_ungraded_questions_expect_nothing(yaml_text: str) -> None:
    view = question(yaml_text).answer_view()
    assert view["graded"] is False and view["expected"] == []
