"""Pages are rendered once per module version, and the result is kept on disk for restarts and workers."""

import json
from pathlib import Path

import pytest

from lms_service.content import load_catalogue, loader
from lms_service.content.loader import content_hash


def refuse_to_render(text: str, **_: object) -> str:
    raise AssertionError(f"rendered again: {text[:40]!r}")


def test_cache_files_are_named_by_content_hash(tmp_path: Path, modules_dir: Path) -> None:
    catalogue, _ = load_catalogue(modules_dir, cache_dir=tmp_path / "cache")
    names = sorted(path.name for path in (tmp_path / "cache").iterdir())
    assert names == sorted(f"{module.version}.json" for module in catalogue.modules.values())


def test_a_restart_reuses_the_rendered_pages(tmp_path: Path, modules_dir: Path, monkeypatch) -> None:
    first, _ = load_catalogue(modules_dir, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(loader, "render", refuse_to_render)
    again, problems = load_catalogue(modules_dir, cache_dir=tmp_path / "cache")
    assert problems == []
    assert again.get("exemple").pages == first.get("exemple").pages
    assert again.get("exemple").questions["q-single"].public_view() == first.get("exemple").questions["q-single"].public_view()


def test_a_changed_module_is_rendered_again(tmp_path: Path, modules_dir: Path, monkeypatch) -> None:
    load_catalogue(modules_dir, cache_dir=tmp_path / "cache")
    path = modules_dir / "exemple" / "module.md"
    path.write_text(path.read_text("utf-8").replace("Le matin", "Le soir"), encoding="utf-8")
    monkeypatch.setattr(loader, "render", refuse_to_render)
    with pytest.raises(AssertionError, match="rendered again"):
        load_catalogue(modules_dir, cache_dir=tmp_path / "cache")


@pytest.mark.parametrize("garbage", ["", "{", "[]", '{"renderer": 0, "fragments": {}}', '{"renderer": 1, "fragments": 3}'])
def test_an_unreadable_cache_file_is_ignored_and_rewritten(tmp_path: Path, modules_dir: Path, garbage: str) -> None:
    version = content_hash(modules_dir / "exemple")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"{version}.json").write_text(garbage, encoding="utf-8")
    catalogue, problems = load_catalogue(modules_dir, cache_dir=cache)
    assert problems == [] and catalogue.get("exemple").pages
    assert json.loads((cache / f"{version}.json").read_text("utf-8"))["renderer"] == 1
    assert not list(cache.glob("*.tmp"))


def test_version_covers_module_md_and_images(modules_dir: Path) -> None:
    directory = modules_dir / "exemple"
    before = content_hash(directory)
    (directory / "images" / "schema.png").write_bytes(b"other bytes")
    after_image = content_hash(directory)
    (directory / "module.md").write_text((directory / "module.md").read_text("utf-8") + "\nFin.\n", encoding="utf-8")
    assert len({before, after_image, content_hash(directory)}) == 3


def test_a_module_with_problems_writes_no_cache(tmp_path: Path) -> None:
    load_catalogue(Path(__file__).parent / "broken" / "questions" / "modules", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_the_app_keeps_its_cache_in_the_instance_folder(content_app) -> None:
    cache = Path(content_app.instance_path) / "content-cache"
    assert len(list(cache.glob("*.json"))) == 2
