"""The running tool follows edits of modules/ at the next page; a broken edit keeps the last good version."""
from __future__ import annotations

import html
import logging
from pathlib import Path

import pytest
from flask import Flask

from lms_service.content import get_catalogue

from .conftest import AUTHOR, LEARNER


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def version(app: Flask, slug: str) -> str:
    with app.app_context():
        return get_catalogue().get(slug).version


def test_an_edit_shows_on_the_next_request(modules_dir: Path, visit) -> None:
    author, learner = visit(AUTHOR), visit(LEARNER)
    assert "Le matin" in author.get("/author/modules/exemple/journee").text
    edit(modules_dir / "exemple" / "module.md", "Le matin", "Le soir")
    assert "Le soir" in author.get("/author/modules/exemple/journee").text
    assert "Le soir" in learner.get("/modules/exemple/journee").text


def test_a_new_page_and_a_new_module_appear_without_a_restart(modules_dir: Path, visit) -> None:
    author = visit(AUTHOR)
    module_md = modules_dir / "exemple" / "module.md"
    new_page = "\n## Pour aller plus loin {#plus-loin}\n\nLisez.\n"
    module_md.write_text(module_md.read_text("utf-8") + new_page, "utf-8")
    (modules_dir / "nouveau").mkdir()
    hors_parcours = (modules_dir / "hors-parcours" / "module.md").read_text("utf-8")
    (modules_dir / "nouveau" / "module.md").write_text(hors_parcours.replace("hors-parcours", "nouveau"), "utf-8")
    assert "Pour aller plus loin" in author.get("/author/modules/exemple/plus-loin").text
    assert author.get("/author/modules/nouveau/").status_code == 200


def test_draft_folders_are_not_read(modules_dir: Path, visit) -> None:
    (modules_dir / "_brouillon").mkdir()
    (modules_dir / "_brouillon" / "module.md").write_text("pas un module", "utf-8")
    page = visit(AUTHOR).get("/author/")
    assert "_brouillon" not in page.text and "À corriger" not in html.unescape(page.text)


def test_a_broken_edit_keeps_the_last_good_version(
    app: Flask, modules_dir: Path, visit, caplog: pytest.LogCaptureFixture
) -> None:
    author, learner = visit(AUTHOR), visit(LEARNER)
    good = version(app, "exemple")
    edit(modules_dir / "exemple" / "module.md", "Le matin", "Le soir")
    edit(modules_dir / "exemple" / "module.md", "answer: a\n", "answer: z\n")

    with caplog.at_level(logging.WARNING):
        listing = html.unescape(author.get("/author/").text)
    assert "modules/exemple/module.md:52</code>: réponse « z » absente de la liste" in listing
    assert f"version servie : {good[:8]}" in listing
    assert f"module exemple en erreur : la version {good[:8]} reste servie" in caplog.messages

    reading = learner.get("/modules/exemple/journee")
    assert reading.status_code == 200 and "Le matin" in reading.text
    preview = html.unescape(author.get("/author/modules/exemple/journee").text)
    assert "Le matin" in preview and f"version servie : {good[:8]}" in preview and "module.md:52" in preview

    edit(modules_dir / "exemple" / "module.md", "answer: z\n", "answer: a\n")
    assert "Le soir" in learner.get("/modules/exemple/journee").text
    assert "À corriger" not in html.unescape(author.get("/author/").text)
    assert version(app, "exemple") != good


def test_without_auto_reload_edits_wait_for_a_restart(
    app: Flask, modules_dir: Path, visit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "CONTENT_AUTO_RELOAD", False)
    author = visit(AUTHOR)
    edit(modules_dir / "exemple" / "module.md", "Le matin", "Le soir")
    assert "Le matin" in author.get("/author/modules/exemple/journee").text
