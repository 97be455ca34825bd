"""Fixtures for the trainers' preview: a writable modules folder served live (personas: tests/conftest.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from lms_service.content import Reloader

SAMPLE = Path(__file__).parents[1] / "content" / "sample" / "modules"
AUTHOR, TUTOR, LEARNER = "julien-lemaire", "nadia-haddad", "ines-belkacem"


@pytest.fixture
def modules_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the sample modules, served by the running tool and followed on every request.

    The check interval is 0 so that a test's next request sees its edit, as a trainer's
    reload would a second later.
    """
    directory = Path(shutil.copytree(SAMPLE, tmp_path / "modules"))
    reloader = Reloader(directory, tmp_path / "cache", app.logger, interval=0)
    monkeypatch.setitem(app.extensions, "content_reloader", reloader)
    monkeypatch.setitem(app.extensions, "content", reloader.catalogue)
    monkeypatch.setitem(app.config, "CONTENT_AUTO_RELOAD", True)
    return directory
