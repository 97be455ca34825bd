"""Recording what learners read: page views and the beacon of a page left, correct under concurrency.

A page view is recorded server side, idempotently: the page row is created once
(a reload or a double click adds no second view), and the time since the
previous request of the same membership is credited to the page shown then,
capped, so a tab left open over lunch does not count as an hour of reading.

A learner clicking quickly, or a page's beacon arriving with the next page,
makes several requests of one membership run at once. Each therefore starts by
taking the membership's row and reading its last activity, so they follow one
another: the time is credited once, from the activity the previous one wrote.
The session lookup of a recording view takes it (access.records_activity): a
row lock on PostgreSQL, the database's write lock on SQLite (which has no row
locks: an UPDATE that returns the last activity). The pages
seen are counted against the module as it is, in the statement that sets
completion (once), so a double click or a module that gained pages never
miscounts. This is the hot path: its few statements are built once
(page_view_statements) and run on the request's transaction, which commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from . import page_view_statements as sql
from .content import Module
from .content.novelty import unseen_page_ids
from .db import as_utc, get_session, utcnow
from .models import COMPLETED, NOT_STARTED
from .sessions import Member, store
from .sessions.store import LastActivity


@dataclass(frozen=True)
class PageVisit:
    """What recording a page view tells the page: the module's progress, and pages new since completion."""

    status: str
    pages_seen: int
    pages_total: int
    new_page_ids: frozenset[str]


# What a reference page is shown with: consulted, never counted (content.Module.tracked).
CONSULTED = PageVisit(status=NOT_STARTED, pages_seen=0, pages_total=0, new_page_ids=frozenset())


def record_page_view(member: Member, module: Module, page_id: str, time_cap: timedelta) -> PageVisit:
    """Record that this page is shown now, and credit the time spent on the previous one."""
    conn = get_session().connection()
    last, membership_id = _take(conn, member), member.id
    now = utcnow()  # after the lock: a request that waited for it never moves the clock back
    seconds = _seconds_since(last, now, time_cap)
    same_module, same_page = last.module == module.slug, (last.module, last.page_id) == (module.slug, page_id)
    credits_page = bool(seconds) and not same_page
    values = {
        "m": membership_id, "slug": module.slug, "page": page_id, "now": now, "own_seconds": seconds,
        "prev_slug": last.module, "prev_page": last.page_id, "seconds": seconds,
        "module_seconds": seconds if same_module else 0,
        "page_ids": [p.id for p in module.pages], "total": len(module.pages), "version": module.version,
        "due": module.answers_due,
    }  # fmt: skip
    *writes, counting = sql.RECORDING[conn.dialect.name][credits_page, credits_page and not same_module]
    for statement in writes:
        conn.execute(statement, values)
    row = conn.execute(counting, values).one()
    new_ids = _new_since_completion(conn, membership_id, module, row, now) if _grew(row, module) else frozenset()
    return PageVisit(status=row.status, pages_seen=row.pages_seen, pages_total=row.pages_total, new_page_ids=new_ids)


def record_page_left(member: Member, module: Module, page_id: str, time_cap: timedelta) -> bool:
    """Credit the time on the page the learner is leaving (the browser says so on `pagehide`).

    Without this, the last page of a visit would never get its reading time. Only the page
    last shown is credited, and the clock restarts, so the next page view adds nothing twice.
    """
    conn = get_session().connection()
    last, membership_id = _take(conn, member), member.id
    if (last.module, last.page_id) != (module.slug, page_id):
        return False
    now = utcnow()
    seconds = _seconds_since(last, now, time_cap)
    if seconds:
        _credit(conn, membership_id, last, seconds, now)
    _leave_trace(conn, membership_id, now, module.slug, page_id)
    return True


def _take(conn: Connection, member: Member) -> LastActivity:
    """The last activity as it is now, under the membership's lock: the session lookup's, else taken here."""
    if member.taken is not None:
        return member.taken
    row = conn.execute(store.TAKE, {"m": member.id}).one()
    return LastActivity(row.last_activity_at, row.last_page_module, row.last_page_id)


def _seconds_since(last: LastActivity, now: datetime, cap: timedelta) -> int:
    """The time since the last activity, capped: what the page shown then is credited."""
    if not (last.module and last.page_id and last.at):
        return 0
    return max(int(min(now - as_utc(last.at), cap).total_seconds()), 0)


def _credit(conn: Connection, membership_id: int, last: LastActivity, seconds: int, now: datetime) -> None:
    """Add the time to the page shown then, and to its module."""
    values = {"m": membership_id, "prev_slug": last.module, "prev_page": last.page_id, "seconds": seconds, "now": now}
    conn.execute(sql.CREDIT_PAGE, values)
    conn.execute(sql.CREDIT_MODULE, values)


def _grew(row: Any, module: Module) -> bool:
    """Completed on an earlier version of the module: pages added since are shown as new."""
    return bool(row.status == COMPLETED and row.completed_version != module.version)


def _new_since_completion(conn: Connection, membership_id: int, module: Module, row: Any, now: datetime) -> frozenset[str]:
    """Pages added since completion and not seen before this request (this page counts as new once)."""
    seen = {
        page_id
        for page_id, first_seen_at in conn.execute(sql.SEEN_PAGES, {"m": membership_id, "slug": module.slug})
        if as_utc(first_seen_at) != now
    }
    return frozenset(unseen_page_ids(module, seen))


def _leave_trace(conn: Connection, membership_id: int, now: datetime, slug: str, page_id: str) -> None:
    """The clock restarts here: the next request credits the time from now to this page."""
    conn.execute(sql.LEAVE_TRACE, {"m": membership_id, "now": now, "slug": slug, "page": page_id})
