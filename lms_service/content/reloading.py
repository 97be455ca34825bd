"""Follow edits of modules/ without a restart: the trainer saves, the next page shows the change.

The files a load reads are stat'ed at most once per `interval`; only when one changed is the
catalogue loaded again, and the render cache means unchanged pages are not rendered again.
A reload hands the served catalogue to the loader, so a module broken by an edit keeps
its last good version for learners while the trainer sees the errors. With a `LastGood`
store (the database), good versions are also kept where every worker finds them, and a
worker that starts while a file is broken serves the version the others serve.
"""

import logging
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from .catalogue import Catalogue
from .loader import load_catalogue, load_module
from .model import Module


class LastGood(Protocol):
    """Where good versions are kept for every worker (lms_service.module_store)."""

    def keep(self, modules: Iterable[Module]) -> None: ...

    def recall(self, slug: str) -> Path | None: ...

    def file(self, slug: str, version_prefix: str, path: str) -> bytes | None: ...

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
        self,
        modules_dir: Path,
        cache_dir: Path | None,
        log: logging.Logger,
        interval: float = 1.0,
        store: LastGood | None = None,
    ) -> None:
        self.modules_dir = Path(modules_dir)
        self.cache_dir = cache_dir
        self.interval = interval
        self._log = log
        self._lock = threading.Lock()
        self._stamp = stamp(self.modules_dir)
        self._checked_at = time.monotonic()
        # The store is consulted from the first request on, not at start: commands such as
        # `flask init-db` build the app before the database has its tables.
        self.store = store
        self._synced = store is None
        self.catalogue = self._load(None)

    @property
    def synced(self) -> bool:
        """Whether the store has been consulted (always, without a store)."""
        return self._synced

    def current(self, follow_edits: bool = True) -> Catalogue:
        """The catalogue, reloaded first if a file changed; callers never wait for another's reload."""
        due = follow_edits and time.monotonic() - self._checked_at >= self.interval
        if (self._synced and not due) or not self._lock.acquire(blocking=False):
            return self.catalogue
        try:
            self._checked_at = time.monotonic()
            now = stamp(self.modules_dir)  # taken before loading: a save during the load shows next time
            if not self._synced or now != self._stamp:
                self.catalogue = self._load(self.catalogue)
                self._stamp = now
        except Exception:  # a half-written file must not break every page: keep serving, retry next time
            self._log.exception("modules : rechargement impossible, le catalogue précédent reste servi")
        finally:
            self._lock.release()
        return self.catalogue

    def _load(self, previous: Catalogue | None) -> Catalogue:
        store = self.store if previous is not None else None
        catalogue, problems = load_catalogue(
            self.modules_dir, cache_dir=self.cache_dir, previous=previous,
            fallback=self._recall if store is not None else None,
        )  # fmt: skip
        if store is not None:
            store.keep(m for m in catalogue.modules.values() if m.directory.parent == self.modules_dir)
            self._synced = True
        for problem in problems:
            self._log.warning("module : %s", problem)
        for folder in catalogue.broken:
            kept = catalogue.get(folder)
            if kept is not None:
                self._log.warning("module %s en erreur : la version %s reste servie", folder, kept.version[:8])
        return catalogue

    def _recall(self, folder: str) -> Module | None:
        """A broken folder's last good version, as the store kept it."""
        assert self.store is not None
        kept = self.store.recall(folder)
        if kept is None:
            return None
        return load_module(kept, kept.parent, self.cache_dir).module
