"""The entry test's draw (lms_service/assessments/draw.py): `draw` questions per section, passages whole.

On the sample entry test (tests/content/passages), then over random banks with
Hypothesis: whenever whole passages and lone questions can make a section's draw
(the check accepts the module), the draw makes it, and keeps each passage whole.
"""

import itertools
import json
import random
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms_service.assessments.draw import DrawnSection, Unit, UnusableDraw, draw, from_json, to_json
from lms_service.content import Module, Passage, Question, Section
from lms_service.content.problems import Report
from lms_service.content.units import check_draws


def assert_well_drawn(module: Module, drawn: tuple[DrawnSection, ...]) -> None:
    """Exactly `draw` per section, from that section; a passage once, with all its questions in written order."""
    assert [part.section for part in drawn] == [section.id for section in module.sections]
    everything = [qid for part in drawn for qid in part.question_ids]
    assert len(everything) == len(set(everything))
    for section, part in zip(module.sections, drawn, strict=True):
        assert len(part.question_ids) == section.draw
        assert all(module.questions[qid].section == section.id for qid in part.question_ids)
        passages = [item.passage for item in part.items if item.passage]
        assert len(passages) == len(set(passages))
        for item in part.items:
            if item.passage:
                assert item.question_ids == module.passages[item.passage].question_ids
            else:
                (alone,) = item.question_ids
                assert module.questions[alone].passage is None


@pytest.mark.parametrize("seed", range(30))
def test_each_section_draws_exactly_its_count_with_passages_whole(textes: Module, seed: int) -> None:
    assert_well_drawn(textes, draw(textes, random.Random(seed)))


def test_the_same_seed_draws_the_same_and_other_seeds_differ(textes: Module) -> None:
    assert draw(textes, random.Random(7)) == draw(textes, random.Random(7))
    draws = {draw(textes, random.Random(seed)) for seed in range(20)}
    assert len(draws) > 5
    lecture = {frozenset(drawn[0].question_ids) for drawn in draws}
    assert lecture == {frozenset({"o1", "o2", "o3", "l1"}), frozenset({"o1", "o2", "o3", "l2"}),
                       frozenset({"m1", "m2", "l1", "l2"})}  # fmt: skip


def test_a_draw_survives_a_round_trip_through_json(textes: Module) -> None:
    drawn = draw(textes, random.Random(3))
    stored = json.loads(json.dumps(to_json(drawn)))
    assert from_json(stored, textes) == drawn
    passage_items = [item for item in stored[0]["items"] if "passage" in item]
    assert all(set(item) == {"passage", "questions"} for item in passage_items)


LONE = {"question": "l1"}
OFFER = {"passage": "offre", "questions": ["o1", "o2", "o3"]}
HOSTILE = {
    "not a list": {"section": "lecture", "items": []},
    "a section as a list": [["lecture", []]],
    "an extra key": [{"section": "lecture", "items": [], "seed": 1}],
    "an unknown section": [{"section": "logique", "items": []}],
    "a section twice": [{"section": "calcul", "items": []}, {"section": "calcul", "items": []}],
    "items not a list": [{"section": "lecture", "items": "l1"}],
    "an unknown question": [{"section": "lecture", "items": [{"question": "l9"}]}],
    "a question of another section": [{"section": "calcul", "items": [LONE]}],
    "a passage's question alone": [{"section": "lecture", "items": [{"question": "o1"}]}],
    "a question twice": [{"section": "lecture", "items": [LONE, LONE]}],
    "a question id as a number": [{"section": "calcul", "items": [{"question": 1}]}],
    "a question id as true": [{"section": "calcul", "items": [{"question": True}]}],
    "a question id missing": [{"section": "calcul", "items": [{"question": None}]}],
    "an unknown passage": [{"section": "lecture", "items": [{"passage": "lettre", "questions": ["o1"]}]}],
    "a passage of another section": [{"section": "calcul", "items": [OFFER]}],
    "another passage's question": [{"section": "lecture", "items": [{"passage": "offre", "questions": ["m1"]}]}],
    "a passage without questions": [{"section": "lecture", "items": [{"passage": "offre", "questions": []}]}],
    "a passage's questions not a list": [{"section": "lecture", "items": [{"passage": "offre", "questions": "o1"}]}],
    "a question in two places": [{"section": "lecture", "items": [OFFER, {"passage": "offre", "questions": ["o1"]}]}],
    "an item of both kinds": [{"section": "lecture", "items": [{**OFFER, "question": "l1"}]}],
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_stored_draw_that_does_not_fit_the_module_is_refused(textes: Module, case: str) -> None:
    with pytest.raises(UnusableDraw):
        from_json(HOSTILE[case], textes)


def test_a_stored_draw_is_shown_again_as_stored_when_the_module_still_reads_it(textes: Module) -> None:
    """A draw need not match today's `draw` counts: the attempt keeps the questions it was given."""
    stored = [{"section": "lecture", "items": [OFFER, LONE]}]
    assert from_json(stored, textes) == (
        DrawnSection("lecture", (Unit("offre", ("o1", "o2", "o3")), Unit(None, ("l1",)))),
    )


def bank(groups: list[int], alone: int, count: int, order: list[int]) -> Module:
    """An entry test of one section: passages of `groups` questions, `alone` lone ones, written in `order`."""
    owners = [f"p{index}" for index, size in enumerate(groups) for _ in range(size)] + [None] * alone
    written = [owners[index] for index in order]
    questions = {
        f"q{line}": Question(id=f"q{line}", prompt="", prompt_html="", section="s", passage=owner, line=line)
        for line, owner in enumerate(written)
    }
    passages = {}
    for index in range(len(groups)):
        own = tuple(question.id for question in questions.values() if question.passage == f"p{index}")
        passages[f"p{index}"] = Passage(f"p{index}", "s", "", "", -1, own)
    return Module(
        slug="banque", title="Banque", kind="entry-test", sections=(Section("s", "S", count, None, 1),),
        version="0" * 64, directory=Path("banque"), pages=(),
        questions=MappingProxyType(questions), passages=MappingProxyType(passages),
    )  # fmt: skip


def can_make(groups: list[int], alone: int, count: int) -> bool:
    """By brute force: some passages, taken whole, and some lone questions sum to `count`."""
    subsets = itertools.chain.from_iterable(itertools.combinations(groups, k) for k in range(len(groups) + 1))
    return any(sum(subset) <= count <= sum(subset) + alone for subset in subsets)


def test_a_section_no_sum_can_make_is_an_error_not_a_short_draw() -> None:
    """The check refuses such a module; one built around the check still never gets a wrong draw."""
    with pytest.raises(ValueError, match="cannot draw exactly 4"):
        draw(bank([3, 2], 0, 4, [0, 1, 2, 3, 4]), random.Random(0))


@st.composite
def banks(pick: st.DrawFn) -> tuple[list[int], int, int, list[int], int]:
    groups = pick(st.lists(st.integers(1, 6), max_size=5))
    alone = pick(st.integers(0, 6))
    total = sum(groups) + alone
    count = pick(st.integers(1, max(total, 1)))
    order = pick(st.permutations(range(total)))
    return groups, alone, count, list(order), pick(st.integers(0, 2**32))


@given(banks())
def test_whenever_the_check_accepts_a_section_the_draw_makes_it_with_passages_whole(
    case: tuple[list[int], int, int, list[int], int],
) -> None:
    groups, alone, count, order, seed = case
    module = bank(groups, alone, count, order)
    report = Report("module.md")
    check_draws(list(module.questions.values()), module.sections, report)
    feasible = can_make(groups, alone, count)
    assert (report.problems == []) == (feasible or sum(groups) + alone < count)
    if feasible:
        assert_well_drawn(module, draw(module, random.Random(seed)))
    else:
        with pytest.raises(ValueError):
            draw(module, random.Random(seed))
