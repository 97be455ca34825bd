"""Recording what learners read: page views and the beacon of a page left, correct under concurrency.

A page view is recorded server side, idempotently: the page row is created once
(a reload or a double click adds no second view), and the time since the
previous request of the same membership is credited to the page shown then,
capped, so a tab left open over lunch does not count as an hour of reading.

A learner clicking quickly, or a page's beacon arriving with the next page,
makes several requests of one membership run at once. Each therefore starts by
taking the membership's row (an UPDATE that returns its last activity: a row
lock on PostgreSQL, the write lock on SQLite), so they follow one another: the
time is credited once, from the activity the previous one wrote. The pages-seen
count goes up only when the page view was really inserted, in the same
statement that sets completion. Services here flush; the request commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from .content import Module
from .db import as_utc, get_session, insert_ignore, insert_or_get, utcnow
from .models import COMPLETED, IN_PROGRESS, NOT_STARTED, Membership, ModuleProgress, PageView
from .progress import new_since_completion


@dataclass(frozen=True)
class PageVisit:
    """What recording a page view tells the page: progress, and pages new since completion."""

    progress: ModuleProgress
    new_page_ids: frozenset[str]


@dataclass(frozen=True)
class LastActivity:
    """The membership's last activity, read under its lock."""

    at: datetime | None
    module: str | None
    page_id: str | None


def record_page_view(membership: Membership, module: Module, page_id: str, time_cap: timedelta) -> PageVisit:
    """Record that this page is shown now, and credit the time spent on the previous one."""
    session = get_session()
    now = utcnow()
    last = _take(session, membership.id)
    _credit(session, membership.id, last, now, time_cap)
    progress, _ = insert_or_get(
        session, ModuleProgress, {"membership_id": membership.id, "module_slug": module.slug},
        status=NOT_STARTED, pages_seen=0, pages_total=len(module.pages), seconds_spent=0, updated_at=now,
    )  # fmt: skip
    new_ids = new_since_completion(membership.id, module, progress)  # before this page counts as seen
    key = {"membership_id": membership.id, "module_slug": module.slug, "page_id": page_id}
    if insert_ignore(session, PageView, **key, first_seen_at=now, last_seen_at=now, seconds_spent=0):
        _count_new_page(session, progress, module, now)
    else:
        session.execute(update(PageView).filter_by(**key).values(last_seen_at=now))
    if progress.pages_total != len(module.pages):
        _recount(session, progress, module, now)
    _after(session, progress, page_id, now)
    _leave_trace(session, membership, now, module.slug, page_id)
    return PageVisit(progress=progress, new_page_ids=new_ids)


def record_page_left(membership: Membership, module: Module, page_id: str, time_cap: timedelta) -> bool:
    """Credit the time on the page the learner is leaving (the browser says so on `pagehide`).

    Without this, the last page of a visit would never get its reading time. Only the page
    last shown is credited, and the clock restarts, so the next page view adds nothing twice.
    """
    session = get_session()
    last = _take(session, membership.id)
    if (last.module, last.page_id) != (module.slug, page_id):
        return False
    now = utcnow()
    _credit(session, membership.id, last, now, time_cap)
    _leave_trace(session, membership, now, module.slug, page_id)
    return True


def _take(session: Session, membership_id: int) -> LastActivity:
    """Lock the membership's row for this transaction and read its last activity as it is now."""
    row = session.execute(
        update(Membership)
        .where(Membership.id == membership_id)
        .values(last_activity_at=Membership.last_activity_at)
        .returning(Membership.last_activity_at, Membership.last_page_module, Membership.last_page_id)
        .execution_options(synchronize_session=False)
    ).one()
    return LastActivity(row.last_activity_at, row.last_page_module, row.last_page_id)


def _credit(session: Session, membership_id: int, last: LastActivity, now: datetime, cap: timedelta) -> None:
    """Add the time since the last activity, capped, to the page shown then."""
    if not (last.module and last.page_id and last.at):
        return
    seconds = max(int(min(now - as_utc(last.at), cap).total_seconds()), 0)
    if seconds == 0:
        return
    page = {"membership_id": membership_id, "module_slug": last.module}
    session.execute(
        update(PageView).filter_by(**page, page_id=last.page_id).values(seconds_spent=PageView.seconds_spent + seconds)
    )
    session.execute(
        update(ModuleProgress).filter_by(**page).values(seconds_spent=ModuleProgress.seconds_spent + seconds)
    )


def _count_new_page(session: Session, progress: ModuleProgress, module: Module, now: datetime) -> None:
    """One more page seen, and completion when it is the last one, in one statement."""
    done = ModuleProgress.pages_seen + 1 >= ModuleProgress.pages_total
    completes = (ModuleProgress.status != COMPLETED) & done
    session.execute(
        update(ModuleProgress)
        .where(ModuleProgress.id == progress.id)
        .values(
            pages_seen=ModuleProgress.pages_seen + 1,
            status=case((ModuleProgress.status == COMPLETED, COMPLETED), (done, COMPLETED), else_=IN_PROGRESS),
            completed_at=case((completes, now), else_=ModuleProgress.completed_at),
            completed_version=case((completes, module.version), else_=ModuleProgress.completed_version),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(progress)


def _recount(session: Session, progress: ModuleProgress, module: Module, now: datetime) -> None:
    """The module gained or lost pages since this row was counted: count against the module as it is."""
    seen = set(
        session.scalars(
            select(PageView.page_id).where(
                PageView.membership_id == progress.membership_id, PageView.module_slug == module.slug
            )
        )
    )
    progress.pages_total = len(module.pages)
    progress.pages_seen = len(seen & {page.id for page in module.pages})
    if progress.status != COMPLETED and progress.pages_seen >= progress.pages_total:
        progress.status, progress.completed_at, progress.completed_version = COMPLETED, now, module.version


def _after(session: Session, progress: ModuleProgress, page_id: str, now: datetime) -> None:
    progress.last_page_id = page_id
    progress.updated_at = now
    if progress.started_at is None:
        progress.started_at = now
    if progress.status == NOT_STARTED:
        progress.status = IN_PROGRESS
    session.flush()


def _leave_trace(session: Session, membership: Membership, now: datetime, slug: str, page_id: str) -> None:
    """The clock restarts here: the next request credits the time from now to this page."""
    membership.last_activity_at = now
    membership.last_page_module, membership.last_page_id = slug, page_id
    session.flush()
