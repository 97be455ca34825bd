"""Fixtures for the content package: a copy of the sample modules and a minimal Flask app on it.

Content needs no database: `clean_tables`, autouse in tests/conftest.py, is replaced here by a
no-op so these tests never build the full application.
"""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from lms_service import content

HERE = Path(__file__).parent
SAMPLE = HERE / "sample" / "modules"
PASSAGES = HERE / "passages" / "modules"  # an entry test with two passages, and lone questions


@pytest.fixture(scope="module")
def textes() -> content.Module:
    """The entry test of tests/content/passages, loaded."""
    catalogue, problems = content.load_catalogue(PASSAGES)
    assert problems == []
    module = catalogue.get("textes")
    assert module is not None
    return module


@pytest.fixture(autouse=True)
def clean_tables() -> None:
    """No database here, so nothing to clean."""


@pytest.fixture
def modules_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/content/sample/modules."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "modules"))


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[[Path], Flask]:
    """Build the smallest app that wires content, on any modules folder."""

    def make(directory: Path) -> Flask:
        app = Flask(__name__, instance_path=str(tmp_path / "instance"))
        app.config.update(TESTING=True, MODULES_DIR=directory)
        content.init_app(app)
        return app

    return make


@pytest.fixture
def content_app(make_app: Callable[[Path], Flask], modules_dir: Path) -> Flask:
    return make_app(modules_dir)


@pytest.fixture
def client(content_app: Flask) -> FlaskClient:
    return content_app.test_client()


@pytest.fixture
def runner(content_app: Flask) -> FlaskCliRunner:
    return content_app.test_cli_runner()


@pytest.fixture
def sample() -> content.Catalogue:
    catalogue, problems = content.load_catalogue(SAMPLE)
    assert problems == []
    return catalogue
