"""The programme's own modules meet what the programme asked of them (issue 4, points 8 to 12)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from lms_service.content import Module, load_catalogue

MODULES_DIR = Path(__file__).resolve().parents[2] / "modules"
CATALOGUE, PROBLEMS = load_catalogue(MODULES_DIR)
MODULES = CATALOGUE.ordered()
INITIATION = [m for m in MODULES if m.kind == "initiation"]
SOFT_SKILLS = [m for m in MODULES if m.kind == "soft-skills"]


def _graded(module: Module) -> int:
    return sum(1 for q in module.questions.values() if q.points_possible)


def _prose_words(module: Module) -> int:
    text = (module.directory / "module.md").read_text("utf-8").split("\n---\n", 1)[1]
    return len(re.findall(r"\w+", re.sub(r"```quiz.*?```", "", text, flags=re.S)))


def test_the_whole_programme_loads_without_problems() -> None:
    assert PROBLEMS == []
    assert (len(INITIATION), len(SOFT_SKILLS)) == (9, 5)
    assert [m.kind for m in MODULES].count("entry-test") == 1
    assert [m.kind for m in MODULES].count("survey") == 1


@pytest.mark.parametrize("module", INITIATION, ids=lambda m: m.slug)
def test_initiation_modules(module: Module) -> None:
    """At least 6 pages, about 1,500 words, 10 graded questions, and the ungraded appeal question."""
    assert len(module.pages) >= 6
    assert _prose_words(module) >= 1400
    assert _graded(module) >= 10
    appeal = [q for q in module.questions.values() if q.id.endswith("-attrait")]
    assert len(appeal) == 1 and appeal[0].points_possible == 0 and appeal[0].public_view()["type"] == "likert"


@pytest.mark.parametrize("module", SOFT_SKILLS, ids=lambda m: m.slug)
def test_soft_skills_modules_have_exercises_and_an_ungraded_self_assessment(module: Module) -> None:
    assert _graded(module) >= 6
    assert any(q.public_view()["type"] == "likert" and not q.points_possible for q in module.questions.values())


def test_entry_test_bank_sections_threshold_and_time_limit() -> None:
    entry = next(m for m in MODULES if m.kind == "entry-test")
    assert len(entry.questions) >= 60 and entry.time_limit_minutes and entry.pass_score is not None
    for section in entry.sections:
        bank = [q for q in entry.questions.values() if q.section == section.id]
        assert section.pass_score is not None and len(bank) > section.draw


def test_the_survey_is_not_graded() -> None:
    survey = next(m for m in MODULES if m.kind == "survey")
    assert survey.questions and _graded(survey) == 0


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.slug)
def test_front_matter_ends_with_sources_and_names_france_travail(module: Module) -> None:
    text = (module.directory / "module.md").read_text("utf-8")
    front = yaml.safe_load(text.split("---\n", 2)[1])
    assert list(front)[-1] == "sources" and module.sources
    for found in re.finditer("Pôle emploi", text):
        around = text[max(found.start() - 200, 0) : found.end() + 200]
        assert "France Travail" in around or "2024" in around, around  # only as its former name
