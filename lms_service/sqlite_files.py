"""The embedded SQLite file is readable by its owner alone.

It holds the tool's private signing keys and the learners' names, e-mails and
everything they and their tutors did. SQLite creates it with the process's umask
(usually world-readable) and gives its -wal and -shm files the database file's
mode, so creating the file 0600 before SQLite opens it is enough for all three.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy.engine import make_url

FILE_MODE = 0o600
DIR_MODE = 0o700
COMPANIONS = ("", "-wal", "-shm", "-journal")


def sqlite_path(url: str) -> Path | None:
    """The database file an SQLite URL names; None for other databases and in-memory ones."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def create_private(path: Path) -> None:
    """Create the empty database file owner-only (its folder too) unless it exists.

    Best effort: when the path cannot be made, SQLite says why in its own words.
    """
    if path.exists():
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))


def restrict(path: Path, instance_dir: Path) -> None:
    """Make an existing database (and its -wal, -shm) owner-only, and the instance folder private.

    For files made before this rule, or copied in by hand (a restored backup).
    """
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.chmod(FILE_MODE)
    if instance_dir.is_dir():
        instance_dir.chmod(DIR_MODE)
