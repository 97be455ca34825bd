"""Module versions kept in the database for every worker (lms_service.module_store)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class ModuleVersion(Base):
    """A version of a module that loaded without a problem, kept so every worker can serve it.

    A worker that starts while a module's file is broken serves the last good
    version from here, as the workers already running do; an image URL names a
    version, and any worker can answer it from here.
    """

    __tablename__ = "module_version"
    __table_args__ = (Index("ix_module_version_slug_loaded_at", "slug", "loaded_at"),)

    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    # Last time a worker loaded this version from the modules folder: the newest is the last good one.
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ModuleFile(Base):
    """A file of a module version: its module.md, or an image under images/."""

    __tablename__ = "module_file"

    version: Mapped[str] = mapped_column(
        String(64), ForeignKey("module_version.version", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(String(300), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
