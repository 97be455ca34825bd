"""Recording what learners read, and reading it back for their path and for tutors.

A page view is recorded server side, idempotently: the page row is created once
(a reload or a double click adds no second view), and the time since the
previous request of the same membership is credited to the page shown then,
capped, so a tab left open over lunch does not count as an hour of reading.
Services here add and flush; the request commits.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session


from .content import Module
from .content.novelty import unseen_page_ids
from .db import as_utc, get_session, insert_or_get, utcnow
from .models import COMPLETED, IN_PROGRESS, NOT_STARTED, Membership, ModuleProgress, PageView



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


@dataclass(frozen=True)
class PageVisit:
    """What recording a page view tells the page: progress, and pages new since completion."""

    progress: ModuleProgress
    new_page_ids: frozenset[str]


def record_page_view(membership: Membership, module: Module, page_id: str, time_cap: timedelta) -> PageVisit:
    """Record that this page is shown now, and credit the time spent on the previous one."""
    session = get_session()
    now = utcnow()
    progress, _ = insert_or_get(
        session, ModuleProgress, {"membership_id": membership.id, "module_slug": module.slug},
        status=NOT_STARTED, pages_seen=0, pages_total=len(module.pages), seconds_spent=0, updated_at=now,
    )
    new_ids = _new_since_completion(membership.id, module, progress)  # before this page counts as seen
    view, new_view = insert_or_get(
        session, PageView, {"membership_id": membership.id, "module_slug": module.slug, "page_id": page_id},
        first_seen_at=now, last_seen_at=now, seconds_spent=0,
    )
    _credit_previous_page(session, membership, now, time_cap)
    view.last_seen_at = now
    _update_progress(session, progress, module, page_id, now, recount=new_view)
    membership.last_activity_at = now
    membership.last_page_module, membership.last_page_id = module.slug, page_id
    session.flush()
    return PageVisit(progress=progress, new_page_ids=new_ids)


def record_page_left(membership: Membership, module: Module, page_id: str, time_cap: timedelta) -> bool:
    """Credit the time on the page the learner is leaving (the browser says so on `pagehide`).

    Without this, the last page of a visit would never get its reading time. Only the page
    last shown is credited, and the clock restarts, so the next page view adds nothing twice.
    """
    if (membership.last_page_module, membership.last_page_id) != (module.slug, page_id):
        return False
    now = utcnow()
    _credit_previous_page(get_session(), membership, now, time_cap)
    membership.last_activity_at = now
    get_session().flush()
    return True


def _credit_previous_page(session: Session, membership: Membership, now: datetime, cap: timedelta) -> None:
    if not (membership.last_page_module and membership.last_page_id and membership.last_activity_at):
        return
    elapsed = min(now - as_utc(membership.last_activity_at), cap)
    seconds = max(int(elapsed.total_seconds()), 0)
    if seconds == 0:
        return
    # Added in the database, not read then written: two racing requests both count.
    slug, page_id = membership.last_page_module, membership.last_page_id
    session.execute(
        update(PageView)
        .where(PageView.membership_id == membership.id, PageView.module_slug == slug, PageView.page_id == page_id)
        .values(seconds_spent=PageView.seconds_spent + seconds)
    )
    session.execute(
        update(ModuleProgress)
        .where(ModuleProgress.membership_id == membership.id, ModuleProgress.module_slug == slug)
        .values(seconds_spent=ModuleProgress.seconds_spent + seconds)
    )


def _update_progress(
    session: Session, progress: ModuleProgress, module: Module, page_id: str, now: datetime, recount: bool
) -> None:
    """Count the pages seen again only when a new page was seen or the module changed."""
    if recount or progress.pages_total != len(module.pages):
        seen = set(
            session.scalars(
                select(PageView.page_id).where(
                    PageView.membership_id == progress.membership_id, PageView.module_slug == module.slug
                )
            )
        )
        current_ids = {page.id for page in module.pages}
        progress.pages_total = len(current_ids)
        progress.pages_seen = len(seen & current_ids)
    progress.last_page_id = page_id
    progress.updated_at = now
    if progress.started_at is None:
        progress.started_at = now
    if progress.status != COMPLETED:
        progress.status = COMPLETED if progress.pages_seen >= progress.pages_total else IN_PROGRESS
        if progress.status == COMPLETED:
            progress.completed_at, progress.completed_version = now, module.version


def _progress(session: Session, membership_id: int, slug: str) -> ModuleProgress | None:
    return session.scalars(
        select(ModuleProgress).where(ModuleProgress.membership_id == membership_id, ModuleProgress.module_slug == slug)
    ).first()


def path_statuses(membership_id: int, modules: Iterable[Module]) -> list[ModuleStatus]:
    """Every module of the path with this learner's status: one query, two if modules grew."""
    modules = list(modules)
    rows = {
        p.module_slug: p
        for p in get_session().scalars(select(ModuleProgress).where(ModuleProgress.membership_id == membership_id))
    }
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


def _new_since_completion(membership_id: int, module: Module, row: ModuleProgress) -> frozenset[str]:
    """Pages of a completed module that were added after the learner completed it."""
    if not _grew_since_completion(row, module):
        return frozenset()
    seen = _seen_by_module(membership_id, [module.slug]).get(module.slug, set())
    return frozenset(unseen_page_ids(module, seen))


def _grew_since_completion(row: ModuleProgress | None, module: Module) -> bool:
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
