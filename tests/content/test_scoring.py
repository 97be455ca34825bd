"""Scoring follows modules/README.md: points earned and points possible for each response."""

import pytest

from .helpers import question

SINGLE = question("""
id: s
type: single
prompt: Quel langage ?
choices: [{id: a, text: HTML}, {id: b, text: Python}]
answer: a
""")

MULTIPLE = question("""
id: m
type: multiple
prompt: Quels outils ?
choices: [{id: a, text: Éditeur}, {id: b, text: Navigateur}, {id: c, text: Perceuse}, {id: d, text: Marteau}]
answer: [a, b]
points: 2
""")

NUMERIC = question("""
id: n
type: numeric
prompt: Combien ?
answer: 3.5
tolerance: 0.1
unit: €
""")

EXACT = question("id: e\ntype: numeric\nprompt: Combien ?\nanswer: 21\n")

TEXT = question("""
id: t
type: text
prompt: Quel mot ?
answers: [l'équipe, team]
""")

ORDERING = question("""
id: o
type: ordering
prompt: Dans l'ordre
items: [{id: b, text: B}, {id: a, text: A}, {id: c, text: C}]
answer: [a, b, c]
points: 3
""")

LIKERT = question("id: l\ntype: likert\nprompt: Envie ?\nscale: [Non, Oui]\n")
FREE = question("id: f\ntype: free\nprompt: Pourquoi ?\n")
UNGRADED = question("""
id: u
type: single
graded: false
prompt: Comment nous avez-vous connus ?
choices: [{id: a, text: Ami}, {id: b, text: Conseiller}]
""")


@pytest.mark.parametrize(
    ("response", "expected"),
    [("a", (1, 1)), ("b", (0, 1)), ("z", (0, 1)), (None, (0, 1)), (["a"], (0, 1)), ("", (0, 1))],
)
def test_single(response: object, expected: tuple[float, float]) -> None:
    assert SINGLE.score(response) == expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (["a", "b"], (2, 2)),
        (["a"], (1, 2)),
        (["a", "b", "c"], (1, 2)),
        (["a", "c"], (0, 2)),
        (["a", "c", "d"], (0, 2)),
        (["c", "d"], (0, 2)),
        ([], (0, 2)),
        (["a", "a"], (1, 2)),
        (["a", "zzz"], (1, 2)),
        ("ab", (0, 2)),
        (None, (0, 2)),
    ],
)
def test_multiple_gives_partial_credit_wrong_ticks_subtract_never_below_zero(
    response: object, expected: tuple[float, float]
) -> None:
    assert MULTIPLE.score(response) == expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("3.5", (1, 1)),
        ("3,5", (1, 1)),
        (" 3,55 ", (1, 1)),
        ("3,6", (1, 1)),
        ("3,7", (0, 1)),
        ("3,5 €", (1, 1)),
        ("3.5€", (1, 1)),
        (3.5, (1, 1)),
        ("trois", (0, 1)),
        ("", (0, 1)),
        ("nan", (0, 1)),
        ("1,5.5", (0, 1)),
        (None, (0, 1)),
    ],
)
def test_numeric_accepts_a_comma_and_the_tolerance(response: object, expected: tuple[float, float]) -> None:
    assert NUMERIC.score(response) == expected


@pytest.mark.parametrize(("response", "expected"), [("21", (1, 1)), ("21,0", (1, 1)), ("21,01", (0, 1)), ("2 1", (1, 1))])
def test_numeric_without_tolerance_is_exact(response: str, expected: tuple[float, float]) -> None:
    assert EXACT.score(response) == expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("l'équipe", (1, 1)),
        ("L’EQUIPE", (1, 1)),
        ("  l'  equipe ", (0, 1)),
        ("  l'équipe  ", (1, 1)),
        ("TEAM", (1, 1)),
        ("l'équipes", (0, 1)),
        ("", (0, 1)),
        (None, (0, 1)),
    ],
)
def test_text_ignores_case_accents_spaces_and_typographic_apostrophes(
    response: object, expected: tuple[float, float]
) -> None:
    assert TEXT.score(response) == expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (["a", "b", "c"], (3, 3)),
        (("a", "b", "c"), (3, 3)),
        (["a", "c", "b"], (0, 3)),
        (["b", "a", "c"], (0, 3)),
        (["a", "b"], (0, 3)),
        ("abc", (0, 3)),
        (None, (0, 3)),
    ],
)
def test_ordering_is_all_or_nothing(response: object, expected: tuple[float, float]) -> None:
    assert ORDERING.score(response) == expected


@pytest.mark.parametrize("ungraded", [LIKERT, FREE, UNGRADED], ids=["likert", "free", "graded-false"])
@pytest.mark.parametrize("response", ["a", "Oui", "n'importe quoi", None])
def test_likert_free_and_ungraded_questions_are_not_graded(ungraded, response: object) -> None:
    assert ungraded.score(response) == (0, 0)


def test_multiple_partial_credit_with_three_right_answers() -> None:
    three = question("""
id: m3
type: multiple
prompt: Trois ?
choices: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C}, {id: d, text: D}]
answer: [a, b, c]
""")
    assert three.score(["a"]) == (0.3333, 1)
    assert three.score(["a", "b"]) == (0.6667, 1)
    assert three.score(["a", "b", "c"]) == (1, 1)
