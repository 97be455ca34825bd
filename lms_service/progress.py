"""What learners read, read back: their path with a status per module, and where to resume.

The rows are written by page_views; here they are only read, in few queries.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .content import Module
from .content.novelty import unseen_page_ids
from .db import get_session
from .models import COMPLETED, NOT_STARTED, ModuleProgress, PageView


@dataclass(frozen=True)
class ModuleStatus:
    """A module as one learner sees it on their path."""

    module: Module
    status: str
    pages_seen: int
    pages_total: int
    last_page_id: str | None
    # Pages added since the learner completed the module; it stays completed.
    new_pages: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        if self.status == COMPLETED:
            return 100
        return round(100 * self.pages_seen / self.pages_total) if self.pages_total else 0


def _progress(session: Session, membership_id: int, slug: str) -> ModuleProgress | None:
    return session.scalars(
        select(ModuleProgress).where(ModuleProgress.membership_id == membership_id, ModuleProgress.module_slug == slug)
    ).first()


# The path page reads a row per module: only what it shows, as plain rows (no ORM objects to build).
_PATH_ROWS = select(
    ModuleProgress.module_slug,
    ModuleProgress.status,
    ModuleProgress.pages_seen,
    ModuleProgress.last_page_id,
    ModuleProgress.completed_version,
).where(ModuleProgress.membership_id == bindparam("m"))


def path_statuses(membership_id: int, modules: Iterable[Module]) -> list[ModuleStatus]:
    """Every module of the path with this learner's status: one query, two if modules grew."""
    modules = list(modules)
    rows = {row.module_slug: row for row in get_session().execute(_PATH_ROWS, {"m": membership_id})}
    grown = {m.slug for m in modules if _grew_since_completion(rows.get(m.slug), m)}
    seen = _seen_by_module(membership_id, sorted(grown)) if grown else {}
    statuses = []
    for module in modules:
        row = rows.get(module.slug)
        statuses.append(
            ModuleStatus(
                module=module,
                status=row.status if row else NOT_STARTED,
                pages_seen=row.pages_seen if row else 0,
                pages_total=len(module.pages),
                last_page_id=row.last_page_id if row else None,
                new_pages=unseen_page_ids(module, seen.get(module.slug, set())) if module.slug in grown else (),
            )
        )
    return statuses


def new_since_completion(membership_id: int, module: Module, row: ModuleProgress) -> frozenset[str]:
    """Pages of a completed module that were added after the learner completed it."""
    if not _grew_since_completion(row, module):
        return frozenset()
    seen = _seen_by_module(membership_id, [module.slug]).get(module.slug, set())
    return frozenset(unseen_page_ids(module, seen))


class _Completion(Protocol):
    """What telling a module grew since completion needs: a progress row, or the path's plain row."""

    @property
    def status(self) -> str: ...
    @property
    def completed_version(self) -> str | None: ...


def _grew_since_completion(row: _Completion | None, module: Module) -> bool:
    return row is not None and row.status == COMPLETED and row.completed_version != module.version


def _seen_by_module(membership_id: int, slugs: list[str]) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = {}
    rows = get_session().execute(
        select(PageView.module_slug, PageView.page_id).where(
            PageView.membership_id == membership_id, PageView.module_slug.in_(slugs)
        )
    )
    for slug, page_id in rows:
        seen.setdefault(slug, set()).add(page_id)
    return seen


def resume_page_id(membership_id: int, module: Module) -> str:
    """The page to open: where the learner stopped, or the first page."""
    row = _progress(get_session(), membership_id, module.slug)
    if row and row.last_page_id and module.page(row.last_page_id) is not None:
        return row.last_page_id
    return module.pages[0].id


def module_progress(membership_id: int) -> dict[str, ModuleProgress]:
    """This learner's progress rows, by module slug."""
    rows = get_session().scalars(select(ModuleProgress).where(ModuleProgress.membership_id == membership_id))
    return {row.module_slug: row for row in rows}
