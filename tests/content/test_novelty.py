"""Pages added since a learner completed a module are the ones they have not seen; edits lose no progress."""

from pathlib import Path

from lms_service.content import load_catalogue, unseen_page_ids

SEEN_ALL = {"les-metiers-du-coeur", "journee", "calculer-et-ecrire", "avis"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_learner_who_saw_every_page_has_nothing_new(modules_dir: Path) -> None:
    catalogue, _ = load_catalogue(modules_dir)
    assert unseen_page_ids(catalogue.get("exemple"), SEEN_ALL) == ()


def test_pages_added_after_completion_are_new_in_reading_order(modules_dir: Path) -> None:
    module_md = modules_dir / "exemple" / "module.md"
    journee = "## Une journée type {#journee}"
    edit(module_md, journee, f"## Un outil {{#outil}}\n\nLe terminal.\n\n{journee}")
    module_md.write_text(module_md.read_text("utf-8") + "\n## Pour aller plus loin\n\nLisez.\n", "utf-8")
    catalogue, problems = load_catalogue(modules_dir)
    assert problems == []
    assert unseen_page_ids(catalogue.get("exemple"), SEEN_ALL) == ("outil", "pour-aller-plus-loin")


def test_a_retitled_page_with_an_explicit_id_keeps_its_progress(modules_dir: Path) -> None:
    edit(modules_dir / "exemple" / "module.md", "Une journée type {#journee}", "Une journée au bureau {#journee}")
    catalogue, _ = load_catalogue(modules_dir)
    assert unseen_page_ids(catalogue.get("exemple"), SEEN_ALL) == ()


def test_a_retitled_page_without_an_id_counts_as_new(modules_dir: Path) -> None:
    edit(modules_dir / "exemple" / "module.md", "## Calculer et écrire", "## Compter et écrire")
    catalogue, _ = load_catalogue(modules_dir)
    assert unseen_page_ids(catalogue.get("exemple"), SEEN_ALL) == ("compter-et-ecrire",)


def test_pages_seen_but_since_removed_are_ignored(modules_dir: Path) -> None:
    catalogue, _ = load_catalogue(modules_dir)
    assert unseen_page_ids(catalogue.get("exemple"), {"journee", "page-supprimee"}) == (
        "les-metiers-du-coeur", "calculer-et-ecrire", "avis",
    )  # fmt: skip
