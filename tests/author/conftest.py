"""Fixtures for the trainers' preview: launches by persona, and a writable modules folder served live."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from flask import Flask

from lms_service.content import Reloader
from devplatform.seed import ROUBAIX

from ..lti_browser import LtiBrowser

SAMPLE = Path(__file__).parents[1] / "content" / "sample" / "modules"
AUTHOR, TUTOR, LEARNER = "julien-lemaire", "nadia-haddad", "ines-belkacem"


@dataclass
class Visitor:
    """Someone who launched the tool in the Roubaix course, browsing with their launch token."""

    browser: LtiBrowser
    base: str
    token: str

    def get(self, path: str) -> requests.Response:
        separator = "&" if "?" in path else "?"
        return self.browser.http.get(f"{self.base}{path}{separator}lt={self.token}", timeout=10)


@pytest.fixture
def visit(platform: object, tool_server: object) -> Callable[[str], Visitor]:
    """Launch as a persona of the dev platform: `visit(AUTHOR).get("/author/")`."""

    def launch(user_id: str) -> Visitor:
        browser = LtiBrowser(platform)
        launched = browser.launch(user_id, ROUBAIX)
        assert launched.token, launched.response.text[:500]
        return Visitor(browser, tool_server.url, launched.token)  # type: ignore[attr-defined]

    return launch


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
