"""The SQLite file holding keys and personal data is readable by its owner alone, after init-db."""
from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import TestConfig
from lms_service import create_app
from lms_service.db import get_engine


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def world_readable_umask() -> Iterator[None]:
    """The common umask (022), under which SQLite alone would make a 0644 file."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def init_db(instance: Path) -> None:
    """`flask init-db` on a database file in `instance`, the app's instance folder."""

    class OnTemporaryFile(TestConfig):
        DATABASE_URL = f"sqlite:///{instance / 'lms.sqlite3'}"

    app = create_app(OnTemporaryFile)
    app.instance_path = str(instance)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, (result.output, result.exception)
    with app.app_context():
        get_engine().dispose()


def test_init_db_creates_the_database_owner_only(tmp_path, world_readable_umask) -> None:
    instance = tmp_path / "instance"
    init_db(instance)
    assert mode(instance) == 0o700
    assert mode(instance / "lms.sqlite3") == 0o600


def test_the_wal_and_shm_files_take_the_database_file_mode(tmp_path, world_readable_umask) -> None:
    instance = tmp_path / "instance"
    init_db(instance)
    reader = sqlite3.connect(instance / "lms.sqlite3")  # WAL mode: opening makes the -shm, reading keeps it
    try:
        reader.execute("SELECT count(*) FROM lti_tool_key").fetchone()
        companions = [instance / "lms.sqlite3-wal", instance / "lms.sqlite3-shm"]
        assert {path.name: mode(path) for path in companions} == {path.name: 0o600 for path in companions}
    finally:
        reader.close()


def test_init_db_restricts_an_existing_world_readable_database(tmp_path, world_readable_umask) -> None:
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    sqlite3.connect(instance / "lms.sqlite3").close()
    assert mode(instance / "lms.sqlite3") == 0o644 and mode(instance) == 0o755

    init_db(instance)
    assert mode(instance) == 0o700
    assert mode(instance / "lms.sqlite3") == 0o600
