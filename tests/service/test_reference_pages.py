"""A reference page (kind: reference): consulted, never counted; links between modules keep the launch."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lms_service.content import get_catalogue
from lms_service.models import ModuleProgress, PageView

SLUG = "financement"


def test_reading_a_reference_page_records_nothing_and_the_path_lists_it_apart(app, visit, db) -> None:
    ines = visit("ines-belkacem")
    with app.app_context():
        module = get_catalogue().get(SLUG)
    assert module is not None and module.kind == "reference" and not module.questions
    for page in module.pages:
        assert ines.get(f"/modules/{SLUG}/{page.id}").status_code == 200
    assert db.scalar(select(func.count()).select_from(PageView)) == 0
    assert db.scalar(select(func.count()).select_from(ModuleProgress)) == 0

    path = ines.get("/").text
    consult = path.split("À consulter quand vous en avez besoin")[1]
    assert module.title in consult and "<progress" not in consult
    assert 'class="module-card' not in consult


def test_a_link_between_modules_keeps_the_launch(app, visit) -> None:
    ines = visit("ines-belkacem")
    page = ines.get(f"/modules/{SLUG}/qui-paie").text
    links = re.findall(r'href="(/modules/financement/revenu\?[^"]+)"', page)
    assert links and all(f"lt={ines.token}" in link for link in links)
    assert "module:" not in page
    assert ines.get(links[0].replace("&amp;", "&").split("?")[0]).status_code == 200


def test_the_tutors_list_counts_the_nursery_only(app, visit, db) -> None:
    with app.app_context():
        nursery = get_catalogue().nursery()
    assert SLUG not in nursery and len(nursery) == 16
    visit("ines-belkacem")
    tutor_page = visit("nadia-haddad").get("/tutor/").text
    assert "0 / 16" in tutor_page and "Nurserie : modules terminés" in tutor_page


def test_the_preview_leads_a_link_to_the_preview_of_its_target(visit) -> None:
    julien = visit("julien-lemaire")  # a trainer
    page = julien.get(f"/author/modules/{SLUG}/qui-paie")
    assert page.status_code == 200
    assert f"/author/modules/{SLUG}/revenu" in page.text and "module:" not in page.text
