"""The last good version of each module, kept in the database where every worker finds it.

Each worker loads modules/ itself. Without a shared memory of what was good, a
worker starting while a trainer's edit has broken a file would drop that
module, while the workers already running still served its last good version;
and an image URL, which names the version, would be a 404 on a worker that
loaded another one. So every version a worker loads without a problem is kept
here (its module.md and images, once), the newest one per module marked; a
worker finds a broken module's last good version here, and any worker serves
the images of any kept version.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from .content import Module
from .content.loader import files_hash, module_files
from .db import insert_ignore, utcnow
from .models import ModuleFile, ModuleVersion

log = logging.getLogger(__name__)


class ModuleStore:
    def __init__(self, sessions: sessionmaker[Session], snapshots_dir: Path) -> None:
        self._sessions = sessions
        self._snapshots = snapshots_dir

    def keep(self, modules: Iterable[Module]) -> None:
        """Remember versions loaded from the modules folder without a problem; the newest per module."""
        modules = list(modules)
        with self._sessions() as session:
            latest = self._latest(session, [module.slug for module in modules])
            for module in modules:
                if latest.get(module.slug) == module.version:
                    continue
                files = module_files(module.directory)
                if files_hash(files) != module.version:
                    continue  # saved again since it was loaded: the next load keeps it
                insert_ignore(session, ModuleVersion, version=module.version, slug=module.slug, loaded_at=utcnow())
                for path, content in files:
                    insert_ignore(session, ModuleFile, version=module.version, path=path, content=content)
                session.execute(
                    update(ModuleVersion).where(ModuleVersion.version == module.version).values(loaded_at=utcnow())
                )
            session.commit()

    def recall(self, slug: str) -> Path | None:
        """A folder holding the last good version of this module, written from the database if needed."""
        with self._sessions() as session:
            version = self._latest(session, [slug]).get(slug)
            if version is None:
                return None
            folder = self._snapshots / version / slug
            if not folder.is_dir():
                files = session.execute(select(ModuleFile.path, ModuleFile.content).where(ModuleFile.version == version))
                _write_folder(folder, [(path, content) for path, content in files])
        return folder

    def file(self, slug: str, version_prefix: str, path: str) -> bytes | None:
        """A file of a kept version named by the first characters of its version, as image URLs do."""
        if not version_prefix.isalnum():
            return None
        with self._sessions() as session:
            return session.scalars(
                select(ModuleFile.content)
                .join(ModuleVersion, ModuleVersion.version == ModuleFile.version)
                .where(
                    ModuleVersion.slug == slug,
                    ModuleVersion.version.startswith(version_prefix, autoescape=True),
                    ModuleFile.path == path,
                )
                .limit(1)
            ).first()

    def _latest(self, session: Session, slugs: list[str]) -> dict[str, str]:
        newest = (
            select(ModuleVersion.slug, func.max(ModuleVersion.loaded_at).label("at"))
            .where(ModuleVersion.slug.in_(slugs))
            .group_by(ModuleVersion.slug)
            .subquery()
        )
        rows = session.execute(
            select(ModuleVersion.slug, ModuleVersion.version).join(
                newest, (newest.c.slug == ModuleVersion.slug) & (newest.c.at == ModuleVersion.loaded_at)
            )
        )
        return {slug: version for slug, version in rows}


def _write_folder(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """Write the files into a temporary folder, then rename it: another worker never reads half of it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".writing-"))
    try:
        for path, content in files:
            target = (staging / path).resolve()
            if not target.is_relative_to(staging.resolve()):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        os.replace(staging, folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not folder.is_dir():
            raise


def for_app(app: Flask) -> ModuleStore:
    """The store of this app's database; its snapshots folder sits beside the render cache."""
    return ModuleStore(app.extensions["db"], Path(app.instance_path) / "content-cache" / "snapshots")
