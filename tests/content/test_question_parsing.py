"""Quiz blocks parse into typed questions, leniently where YAML surprises trainers, strictly elsewhere."""

import pytest

from lms_service.content import QUESTION_TYPES
from lms_service.content.marked_yaml import load
from lms_service.content.questions import ParseContext, parse_question

from .helpers import question


def test_registry_names_every_type_of_the_readme() -> None:
    assert list(QUESTION_TYPES) == ["single", "multiple", "numeric", "text", "ordering", "likert", "free"]
    assert all(cls.type_name == name for name, cls in QUESTION_TYPES.items())


@pytest.mark.parametrize(
    ("yaml_text", "attribute", "expected"),
    [
        ("id: q\ntype: numeric\nprompt: p\nanswer: '3,5'\n", "answer", 3.5),
        ("id: q\ntype: numeric\nprompt: p\nanswer: 21\n", "tolerance", 0.0),
        ("id: 7\ntype: free\nprompt: p\n", "id", "7"),
        ("id: q\ntype: text\nprompt: p\nanswers: browser\n", "answers", ("browser",)),
        ("id: q\ntype: text\nprompt: p\nanswers: [1789, dix-sept]\n", "answers", ("1789", "dix-sept")),
        ("id: q\ntype: single\nprompt: p\nchoices: [{id: 1, text: 21}, {id: 2, text: 22}]\nanswer: 1\n", "answer", "1"),
        ("id: q\ntype: single\nprompt: p\nchoices: [{id: a, text: A}, {id: b, text: B}]\nanswer: [b]\n", "answer", "b"),
        ("id: q\ntype: multiple\nprompt: p\nchoices: [{id: a, text: A}, {id: b, text: B}]\nanswer: a\n", "answer", {"a"}),
        ("id: q\ntype: free\nprompt: p\npoints: 3\n", "points_possible", 0),
        ("id: q\ntype: single\ngraded: false\nprompt: p\nchoices: [{id: a, text: A}, {id: b, text: B}]\n", "answer", None),
        ("id: q\ntype: numeric\ngraded: false\nprompt: p\n", "answer", None),
        ("id: q\ntype: text\nprompt: p\nanswers: [a]\npoints: 2.5\n", "points_possible", 2.5),
    ],
)
def test_lenient_where_yaml_surprises(yaml_text: str, attribute: str, expected: object) -> None:
    assert getattr(question(yaml_text), attribute) == expected


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("id: no\ntype: free\nprompt: p\n", "« id » invalide : lettres, chiffres, « - » et « _ » seulement"),
        ('id: "a b"\ntype: free\nprompt: p\n', "« id » invalide : lettres, chiffres, « - » et « _ » seulement"),
        ("id: q\ntype: free\nprompt: '  '\n", "« prompt » doit être un texte non vide"),
        ("id: q\nprompt: p\n", "champ « type » obligatoire manquant"),
        ("id: q\ntype: single\nprompt: p\nchoices: [{id: a, text: A}]\nanswer: a\n", "au moins deux éléments"),
        ("id: q\ntype: single\nprompt: p\nanswer: a\n", "champ « choices » obligatoire manquant"),
        ("id: q\ntype: multiple\nprompt: p\nchoices: [{id: a, text: A}, {id: b, text: B}]\n", "au moins une bonne réponse"),
        ("id: q\ntype: ordering\nprompt: p\nitems: [{id: a, text: A}, {id: b, text: B}]\nanswer: [a]\n", "une fois"),
        ("id: q\ntype: ordering\nprompt: p\nitems: [{id: a, text: A, feedback: x}, {id: b, text: B}]\nanswer: [a, b]\n",
         "champ inconnu « feedback » dans « items »"),
        ("id: q\ntype: likert\nprompt: p\nscale: [Oui]\n", "au moins deux niveaux"),
    ],
)
def test_strict_where_a_mistake_would_go_unnoticed(yaml_text: str, message: str) -> None:
    problems = parse_question(load(yaml_text, first_line=1), ParseContext("m.md", str))
    assert isinstance(problems, list)
    assert any(message in problem.message for problem in problems), [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("yaml_text", "keys"),
    [
        ("id: q\ntype: single\nprompt: p\nchoices: [{id: a, text: A}, {id: b, text: B}]\nanswer: a\n",
         {"id", "type", "prompt", "points", "choices"}),
        ("id: q\ntype: numeric\nprompt: p\nanswer: 1\ntolerance: 1\nunit: m\n", {"id", "type", "prompt", "points", "unit"}),
        ("id: q\ntype: text\nprompt: p\nanswers: [x]\nfeedback: f\n", {"id", "type", "prompt", "points"}),
        ("id: q\ntype: likert\nprompt: p\nscale: [Non, Oui]\n", {"id", "type", "prompt", "points", "scale"}),
        ("id: q\ntype: ordering\nprompt: p\nitems: [{id: a, text: A}, {id: b, text: B}]\nanswer: [b, a]\n",
         {"id", "type", "prompt", "points", "items"}),
    ],
)
def test_public_view_has_no_answer_key(yaml_text: str, keys: set[str]) -> None:
    view = question(yaml_text).public_view()
    assert set(view) == keys


def test_prompt_and_choices_are_rendered_markdown() -> None:
    view = question(
        "id: q\ntype: single\nprompt: Quelle **balise** ?\n"
        "choices: [{id: a, text: '`<h1>`'}, {id: b, text: '<script>x</script>p'}]\nanswer: a\n"
    ).public_view()
    assert view["prompt"] == "<p>Quelle <strong>balise</strong> ?</p>"
    assert view["choices"][0] == {"id": "a", "text": "`<h1>`", "html": "<code>&lt;h1&gt;</code>"}
    assert "<script" not in view["choices"][1]["html"]


def test_ordering_keeps_the_trainers_display_order_when_it_is_not_the_answer() -> None:
    ordering = question("id: q\ntype: ordering\nprompt: p\nitems: [{id: b, text: B}, {id: a, text: A}]\nanswer: [a, b]\n")
    assert [item["id"] for item in ordering.public_view()["items"]] == ["b", "a"]
