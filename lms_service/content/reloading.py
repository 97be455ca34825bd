"""Follow edits of modules/ without a restart: the trainer saves, the next page shows the change.

The files a load reads are stat'ed at most once per `interval`; only when one changed is the
catalogue loaded again, and the render cache means unchanged pages are not rendered again.
A reload hands the served catalogue to the loader, so a module broken by an edit keeps
its last good version for learners while the trainer sees the errors.
"""

import logging
import os
import threading
import time
from pathlib import Path

from .catalogue import Catalogue
from .loader import load_catalogue

Stamp = frozenset[tuple[str, int, int]]


def stamp(modules_dir: Path) -> Stamp:
    """(path, mtime, size) of parcours.yml and of each module folder, its module.md and images."""
    entries: set[tuple[str, int, int]] = set()
    try:
        children = list(os.scandir(modules_dir))
    except OSError:
        return frozenset()
    for child in children:
        path = Path(child.path)
        if child.name == "parcours.yml":
            entries.add(_file_entry(path, modules_dir))
        elif child.is_dir() and not child.name.startswith((".", "_")):  # drafts are not loaded, so not watched
            entries.add((child.name, 0, 0))  # a new folder is a change, even before its module.md
            images = (image for image in (path / "images").rglob("*") if image.is_file())
            entries.update(_file_entry(file, modules_dir) for file in (path / "module.md", *images))
    return frozenset(entries)


def _file_entry(path: Path, root: Path) -> tuple[str, int, int]:
    name = path.relative_to(root).as_posix()
    try:
        info = path.stat()
    except OSError:
        return name, -1, -1
    return name, info.st_mtime_ns, info.st_size


class Reloader:
    """The served catalogue, loaded again when a module file changes; safe to share between threads."""

    def __init__(
        self, modules_dir: Path, cache_dir: Path | None, log: logging.Logger, interval: float = 1.0
    ) -> None:
        self.modules_dir = Path(modules_dir)
        self.cache_dir = cache_dir
        self.interval = interval
        self._log = log
        self._lock = threading.Lock()
        self._stamp = stamp(self.modules_dir)
        self._checked_at = time.monotonic()
        self.catalogue = self._load(None)

    def current(self) -> Catalogue:
        """The catalogue, reloaded first if a file changed; callers never wait for another's reload."""
        if time.monotonic() - self._checked_at < self.interval or not self._lock.acquire(blocking=False):
            return self.catalogue
        try:
            self._checked_at = time.monotonic()
            now = stamp(self.modules_dir)  # taken before loading: a save during the load shows next time
            if now != self._stamp:
                self.catalogue = self._load(self.catalogue)
                self._stamp = now
        except Exception:  # a half-written file must not break every page: keep serving, retry next time
            self._log.exception("modules : rechargement impossible, le catalogue précédent reste servi")
        finally:
            self._lock.release()
        return self.catalogue

    def _load(self, previous: Catalogue | None) -> Catalogue:
        catalogue, problems = load_catalogue(self.modules_dir, cache_dir=self.cache_dir, previous=previous)
        for problem in problems:
            self._log.warning("module : %s", problem)
        for folder in catalogue.broken:
            kept = catalogue.get(folder)
            if kept is not None:
                self._log.warning("module %s en erreur : la version %s reste servie", folder, kept.version[:8])
        return catalogue
