"""Columns: found by resource, created once by the tool, created again only if the tool made them, and what
« grade sync only » leaves (the whole path's own column). The Lille course, untouched by the other tests."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from devplatform.gradebook import LineItem
from devplatform.seed import LILLE
from lms_service.content import get_catalogue
from lms_service.grades.worker import make_path_columns
from lms_service.models import GradeColumn
from lms_service.models.grades import NO_COLUMN, SENT

from .conftest import scores_for
from .outbox_rows import due_now, new_result, outbox_row

WEB = "developpement-web"


@pytest.fixture
def lille(visit, app):
    """`lille("sarah-lefebvre")`: that learner launched in the Lille course."""
    return lambda person: visit(person, LILLE)


@pytest.fixture
def grade_sync_only(platform) -> Iterator[None]:
    platform.update_registration(grade_sync_only=True)
    yield
    platform.update_registration(grade_sync_only=False)


def _columns(platform, slug: str) -> list[LineItem]:
    return [item for item in platform.line_items.values() if item.context_id == LILLE and item.resource_id == slug]


def test_grade_sync_only_fills_the_whole_path_s_own_column_and_says_why_a_module_has_none(
    grade_sync_only, lille, passes, drain, platform, db, visit
) -> None:
    lille("sarah-lefebvre")
    passes_in_lille(passes, "sarah-lefebvre", WEB)
    drain()
    assert outbox_row(db, "sarah-lefebvre", WEB).status == NO_COLUMN  # it may not create one
    assert _columns(platform, WEB) == []
    share = outbox_row(db, "sarah-lefebvre", "parcours")
    assert share.status == SENT
    own = next(item for item in platform.line_items.values() if item.context_id == LILLE and item.resource_link_id)
    [score] = [s for s in platform.scores if s.user_id == "sarah-lefebvre" and s.line_item_id == own.id]
    assert score.score_given == round(100 / len(get_catalogue().scored_in_path()), 2) and score.score_maximum == 100
    page = visit("nadia-haddad", LILLE).get(f"/tutor/learners/{share.membership_id}")
    assert "pas de colonne pour ce module" in page.text


def test_a_column_the_tool_made_comes_back_when_deleted_a_teacher_s_does_not(lille, passes, drain, platform, db) -> None:
    lille("mamadou-diallo")
    passes_in_lille(passes, "mamadou-diallo", WEB)
    drain()
    [made] = _columns(platform, WEB)
    platform.gradebook.delete(made.id)  # deleted in the platform, by mistake or not
    new_result(db, "mamadou-diallo", WEB)
    for _ in range(3):
        due_now(db)
        drain()
    assert outbox_row(db, "mamadou-diallo", WEB).status == SENT
    [again] = _columns(platform, WEB)
    assert again.id != made.id and [s.user_id for s in scores_for(platform, "mamadou-diallo", WEB)][-1:] == ["mamadou-diallo"]

    teacher = platform.gradebook.add(LineItem(0, LILLE, "Cybersécurité (colonne de l'enseignante)", 20.0,
                                              resource_id="cybersecurite"))  # fmt: skip
    passes_in_lille(passes, "mamadou-diallo", "cybersecurite")
    drain()
    assert [s.score_given for s in platform.scores if s.line_item_id == teacher.id] != []  # found, not created
    platform.gradebook.delete(teacher.id)
    new_result(db, "mamadou-diallo", "cybersecurite")
    for _ in range(3):
        due_now(db)
        drain()
    assert outbox_row(db, "mamadou-diallo", "cybersecurite").status == NO_COLUMN
    assert _columns(platform, "cybersecurite") == []  # the teacher's choice stands


def passes_in_lille(passes, person: str, slug: str) -> None:
    passes(person, slug, LILLE)


def test_a_course_placed_whole_gets_a_column_per_scored_module_before_any_score(app, lille, platform, db) -> None:
    lille("fatou-ndiaye")  # the course's whole-path link is known to the tool now
    scored = get_catalogue().scored_in_path()
    for slug in scored:  # a course with none of its modules' columns yet (other tests made some)
        for item in _columns(platform, slug):
            platform.gradebook.delete(item.id)
    made = make_path_columns(app)
    assert made == len(scored) == len(db.scalars(select(GradeColumn)).all())
    assert all(len(_columns(platform, slug)) == 1 for slug in scored)
    items = len(platform.line_items)
    assert make_path_columns(app) == 0 and len(platform.line_items) == items  # once is enough
