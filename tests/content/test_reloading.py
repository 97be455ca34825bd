"""Edits are picked up without a restart, at most once per interval; a broken edit keeps the last good version."""

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from lms_service.content import Catalogue, Reloader, follows_edits, get_catalogue, load_catalogue, reloading
from lms_service.content.reloading import stamp

LOG = logging.getLogger("test-reloading")
ANSWER_LINE = 52


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_exemple(modules_dir: Path) -> None:
    edit(modules_dir / "exemple" / "module.md", "answer: a\n", "answer: z\n")


@pytest.fixture
def reloader(modules_dir: Path, tmp_path: Path) -> Reloader:
    return Reloader(modules_dir, tmp_path / "cache", LOG, interval=0)


def test_an_edit_is_loaded_at_the_next_check(reloader: Reloader, modules_dir: Path) -> None:
    before = reloader.current()
    assert reloader.current() is before, "nothing changed: the same catalogue, nothing loaded"
    edit(modules_dir / "exemple" / "module.md", "Le matin", "Le soir")
    after = reloader.current()
    assert after is not before and "Le soir" in after.get("exemple").page("journee").html
    assert after.get("exemple").version != before.get("exemple").version


def test_files_are_looked_at_once_per_interval(modules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(reloading.time, "monotonic", lambda: clock[0])
    reloader = Reloader(modules_dir, None, LOG, interval=1.0)
    first = reloader.catalogue
    edit(modules_dir / "exemple" / "module.md", "Le matin", "Le soir")
    clock[0] += 0.5
    assert reloader.current() is first
    clock[0] += 0.6
    assert reloader.current() is not first


@pytest.mark.parametrize(
    "change",
    [
        lambda d: (d / "exemple" / "images" / "schema.png").write_bytes(b"autre image"),
        lambda d: (d / "exemple" / "images" / "nouvelle.png").write_bytes(b"png"),
        lambda d: (d / "parcours.yml").write_text("phases: []\n", "utf-8"),
        lambda d: (d / "nouveau").mkdir(),
        lambda d: (d / "hors-parcours" / "module.md").unlink(),
    ],
    ids=["image-edited", "image-added", "parcours-edited", "folder-added", "module-md-removed"],
)
def test_the_stamp_sees_every_file_a_load_reads(modules_dir: Path, change: Callable[[Path], object]) -> None:
    before = stamp(modules_dir)
    change(modules_dir)
    assert stamp(modules_dir) != before


def test_drafts_and_other_files_do_not_count(modules_dir: Path) -> None:
    before = stamp(modules_dir)
    (modules_dir / "_brouillon").mkdir()
    (modules_dir / "_brouillon" / "module.md").write_text("brouillon", "utf-8")
    (modules_dir / ".git").mkdir()
    (modules_dir / "exemple" / "notes.txt").write_text("notes du formateur", "utf-8")
    assert stamp(modules_dir) == before


def test_a_broken_edit_keeps_serving_the_last_good_version(
    reloader: Reloader, modules_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = reloader.current().get("exemple")
    break_exemple(modules_dir)
    with caplog.at_level(logging.WARNING):
        catalogue = reloader.current()
    assert catalogue.get("exemple") is good
    assert catalogue.phases[0].modules == ("exemple",), "still in the path"
    problem = f"modules/exemple/module.md:{ANSWER_LINE}: réponse « z » absente de la liste (ids possibles : a, b)"
    assert [str(p) for p in catalogue.broken["exemple"]] == [problem]
    assert list(catalogue.problems) == list(catalogue.broken["exemple"])
    assert caplog.messages == [
        f"module : {problem}",
        f"module exemple en erreur : la version {good.version[:8]} reste servie",
    ]


def test_once_fixed_the_new_version_is_served(reloader: Reloader, modules_dir: Path) -> None:
    good = reloader.current().get("exemple")
    break_exemple(modules_dir)
    reloader.current()
    edit(modules_dir / "exemple" / "module.md", "answer: z\n", "answer: b\n")
    fixed = reloader.current()
    assert fixed.broken == {} and fixed.problems == ()
    assert fixed.get("exemple").version != good.version


def test_a_module_broken_from_the_start_is_not_served(modules_dir: Path) -> None:
    break_exemple(modules_dir)
    reloader = Reloader(modules_dir, None, LOG, interval=0)
    assert reloader.catalogue.get("exemple") is None and "exemple" in reloader.catalogue.broken
    edit(modules_dir / "exemple" / "module.md", "Le matin", "Le soir")
    assert reloader.current().get("exemple") is None


def test_a_removed_folder_is_no_longer_served(reloader: Reloader, modules_dir: Path) -> None:
    (modules_dir / "hors-parcours" / "module.md").unlink()
    (modules_dir / "hors-parcours").rmdir()
    assert reloader.current().get("hors-parcours") is None


def test_a_folder_renamed_as_a_draft_is_no_longer_served(reloader: Reloader, modules_dir: Path) -> None:
    (modules_dir / "hors-parcours").rename(modules_dir / "_hors-parcours")
    assert reloader.current().get("hors-parcours") is None


def test_load_catalogue_keeps_the_previous_version_only_for_broken_folders(modules_dir: Path) -> None:
    previous, _ = load_catalogue(modules_dir)
    break_exemple(modules_dir)
    edit(modules_dir / "hors-parcours" / "module.md", "## ", "## Nouveau titre\n\nTexte.\n\n## ")
    catalogue, problems = load_catalogue(modules_dir, previous=previous)
    assert catalogue.get("exemple") is previous.get("exemple")
    assert catalogue.get("hors-parcours").version != previous.get("hors-parcours").version
    assert problems == list(catalogue.problems) and len(problems) == 1


def test_a_failing_load_keeps_the_catalogue_and_retries(
    reloader: Reloader, modules_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    served = reloader.current()

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError("fichier en cours d'écriture")

    monkeypatch.setattr(reloading, "load_catalogue", fail)
    edit(modules_dir / "exemple" / "module.md", "Le matin", "Le soir")
    with caplog.at_level(logging.ERROR):
        assert reloader.current() is served
    assert "rechargement impossible" in caplog.text
    monkeypatch.undo()
    assert "Le soir" in reloader.current().get("exemple").page("journee").html


def test_threads_share_one_reloader(reloader: Reloader, modules_dir: Path) -> None:
    seen: list[Catalogue] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(30):
                seen.append(reloader.current())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    previous = "Le matin"
    for text in ("Le soir", "Le midi", "La nuit"):
        edit(modules_dir / "exemple" / "module.md", previous, text)
        previous = text
    for thread in threads:
        thread.join()
    assert not errors and all(catalogue.get("exemple") for catalogue in seen)
    assert "La nuit" in reloader.current().get("exemple").page("journee").html


def test_the_app_follows_edits_only_when_asked(make_app: Callable[[Path], Flask], modules_dir: Path) -> None:
    app = make_app(modules_dir)
    app.extensions["content_reloader"].interval = 0
    app.add_url_rule("/titre", "titre", lambda: get_catalogue().get("exemple").title)
    edit(modules_dir / "exemple" / "module.md", "title: Un module d'exemple", "title: Titre modifié")
    assert not follows_edits(app)
    assert app.test_client().get("/titre").text == "Un module d'exemple"
    app.debug = True
    assert follows_edits(app)
    assert app.test_client().get("/titre").text == "Titre modifié"
    app.config["CONTENT_AUTO_RELOAD"] = False
    assert not follows_edits(app)
