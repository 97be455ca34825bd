"""The "Carnet de notes" page: each learner's latest score per column, ignored scores marked,
the arrival log, and a teacher deleting a column (after which its scores get 404)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from devplatform.pages import paris_time
from devplatform.seed import LILLE, ROUBAIX

from .ags import (
    LINEITEM,
    LINEITEM_READONLY,
    SCORE,
    START,
    create_line_item,
    csrf_token,
    lineitem_url,
    post_score,
    score,
)

PAGE = f"/courses/{ROUBAIX}/gradebook"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


def rows(page: str, caption: str) -> list[str]:
    """The text of each body row of the table whose caption starts with `caption`, tags stripped."""
    table = re.search(r"<caption>" + re.escape(caption) + r".*?</table>", page, re.S)
    assert table, f"no table captioned {caption!r}"
    body = table.group(0).split("<tbody>", 1)[1]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_page_shows_each_learners_latest_score_and_marks_an_ignored_one(dev, bearer):
    headers = bearer(SCORE)
    post_score(dev, headers, score(0, scoreGiven=12))
    post_score(dev, headers, score(1, scoreGiven=18, activityProgress="Submitted"))
    post_score(dev, headers, score(0, userId="kevin-dufour", scoreGiven=9, gradingProgress="Pending"))

    page = dev.http.get(dev.url + PAGE).text
    latest = rows(page, "Dernière note de chaque apprenant·e — n° 1")
    log = rows(page, "Notes reçues de l'outil")

    assert latest[0] == f"Inès Belkacem 18 / 20 Submitted FullyGraded {paris_time(START + timedelta(seconds=1))}"
    assert latest[1] == f"Kévin Dufour ignorée (9 / 20 envoyée, pas FullyGraded) Completed Pending {paris_time(START)}"
    assert "Yasmine Benali aucune note reçue" in latest
    assert len(latest) == 6, "every learner of Roubaix, and nobody else"
    assert [row.split(" Completed")[0].split(" Submitted")[0] for row in log] == [
        "1 Inès Belkacem 12 / 20", "1 Inès Belkacem 18 / 20",
        "1 Kévin Dufour ignorée (9 / 20 envoyée, pas FullyGraded)"]


def test_a_teacher_deletes_a_column_from_the_page_and_its_scores_then_get_404(dev, bearer, read_form):
    lineitem = create_line_item(dev, bearer(LINEITEM), resourceId="cybersecurite")
    item_id = int(lineitem.split("/lineitems/")[1].split("/")[0])
    post_score(dev, bearer(SCORE), score(0), lineitem)
    token = csrf_token(dev, read_form, PAGE)

    deleted = dev.http.post(f"{dev.url}{PAGE}/lineitems/{item_id}/delete", data={"csrf_token": token})
    listed = dev.http.get(f"{dev.url}/api/contexts/{ROUBAIX}/lineitems", headers=bearer(LINEITEM_READONLY))

    assert deleted.status_code == 200 and deleted.history[0].status_code == 303
    assert item_id not in dev.platform.line_items
    assert [i["id"] for i in listed.json()] == [lineitem_url(dev)], "the container no longer lists it"
    assert post_score(dev, bearer(SCORE), score(1), lineitem).status_code == 404
    assert dev.http.get(lineitem, headers=bearer(LINEITEM_READONLY)).status_code == 404
    assert f"{item_id} (supprimé)" in html.unescape(deleted.text), "the arrival log keeps its score"


def test_deleting_the_links_column_drops_lineitem_from_its_launches(dev, read_form):
    token = csrf_token(dev, read_form, PAGE)

    dev.http.post(f"{dev.url}{PAGE}/lineitems/1/delete", data={"csrf_token": token})
    claim = dev.launch_claims("ines-belkacem", ROUBAIX)[AGS_CLAIM]

    assert "lineitem" not in claim and claim["lineitems"], "as in Moodle, the claim names no deleted column"


def test_deleting_needs_the_csrf_token_and_a_column_of_this_course(dev, read_form):
    token = csrf_token(dev, read_form, PAGE)

    without_token = dev.http.post(f"{dev.url}{PAGE}/lineitems/1/delete", data={})
    other_course = dev.http.post(f"{dev.url}{PAGE}/lineitems/2/delete", data={"csrf_token": token})
    missing = dev.http.post(f"{dev.url}{PAGE}/lineitems/99/delete", data={"csrf_token": token})

    assert without_token.status_code == 400 and other_course.status_code == 404 and missing.status_code == 404
    assert {i.context_id for i in dev.platform.line_items.values()} == {ROUBAIX, LILLE}


def test_each_column_has_a_labelled_delete_button(dev, read_form):
    page = html.unescape(dev.http.get(dev.url + PAGE).text)

    assert 'aria-label="Supprimer la colonne n° 1, Parcours de la nurserie"' in page
    assert f'action="{PAGE}/lineitems/1/delete"' in page
