"""Send one claimed result to every column of its module, then record what each answered.

Three steps, never a transaction across HTTP: read what to send (short
transaction), call the LMS, record (short transaction). The record checks the
version the row had when claimed: a result queued during the send stays pending
and goes out next, and the columns that took the older one are asked again.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lti.services import AgsClient, AgsOutcome

from ..db import affected, as_utc, insert_or_get
from ..models import GradeDelivery, GradeOutbox, Membership, ResourceLink, User
from ..models.grades import FAILED, PENDING, SENT
from . import columns
from .claims import Claimed, release
from .decision import Decision, decide, retry_later

Sessions = Callable[[], Session]
Clients = Callable[[int], AgsClient]  # a registration's id -> a client with its credentials


@dataclass(frozen=True)
class Result:
    """What a claimed row holds, read once before sending."""

    id: int
    version: int
    tries: int
    context_id: int
    slug: str
    score: dict[str, Any]
    held: dict[str, int | None]  # line item URL -> version it holds (None: answered without taking it)
    unregistered: bool = False  # the course's placements lost their registration (removed in the tool)


@dataclass(frozen=True)
class Settings:
    retry_base: timedelta
    column_label: Callable[[str], str | None]  # a module's title for a column the tool creates; None: no column
    # Columns found in this round, by course and module: a batch of one module's results asks the LMS once.
    found: dict[tuple[int, str], list[str]] = field(default_factory=dict)


def deliver(sessions: Sessions, clients: Clients, owner: str, claimed: Claimed, settings: Settings,
            now: Callable[[], datetime]) -> str:  # fmt: skip
    """Send `claimed` where it belongs and record it; the row's status afterwards."""
    with sessions() as db:
        result = _read(db, claimed, owner)
        links = columns.course_links(db, result.context_id) if result else []
    if result is None:
        with sessions() as db, db.begin():
            release(db, owner, claimed.id)
        return "lost"
    registration = links[0].registration_id if links else None
    links = [link for link in links if link.registration_id == registration]
    outcomes: dict[str, AgsOutcome] = {}
    if not links and result.unregistered:
        unregistered = Decision(FAILED, error_kind="registration", error="l'outil n'est plus enregistré dans la plateforme")
        return _record(sessions, owner, result, {}, settings, now(), unregistered)
    if links:
        client = clients(links[0].registration_id)
        found = _columns(sessions, client, links, result, settings, now())
        if found.failure is not None:
            outcomes = {"": found.failure}
        else:
            outcomes = _send(client, found.urls, result)
    return _record(sessions, owner, result, outcomes, settings, now())


def _read(db: Session, claimed: Claimed, owner: str) -> Result | None:
    row = db.get(GradeOutbox, claimed.id)
    if row is None or row.lease_owner != owner:
        return None
    membership = db.get(Membership, row.membership_id)
    user = db.get(User, membership.user_id) if membership else None
    if membership is None or user is None:
        return None
    rows = db.execute(select(GradeDelivery.lineitem_url, GradeDelivery.sent_version).where(GradeDelivery.outbox_id == row.id))
    held: dict[str, int | None] = {url: version for url, version in rows}
    score = {
        "userId": user.sub, "scoreGiven": row.score_given, "scoreMaximum": row.score_maximum,
        "activityProgress": row.activity_progress, "gradingProgress": row.grading_progress,
        "timestamp": as_utc(row.timestamp).isoformat(timespec="milliseconds"),
    }  # fmt: skip
    orphans = db.scalar(select(ResourceLink.id).where(ResourceLink.context_id == membership.context_id,
                                                      ResourceLink.registration_id.is_(None)).limit(1))  # fmt: skip
    # The version read with the score: if another result replaces it before the record, the record sees it.
    return Result(row.id, row.version, row.tries, membership.context_id, row.module_slug, score, held, orphans is not None)


def _columns(sessions: Sessions, client: AgsClient, links: list[columns.Link], result: Result, settings: Settings,
             now: datetime) -> columns.Columns:  # fmt: skip
    key = (result.context_id, result.slug)
    found = columns.Columns(urls=settings.found[key]) if key in settings.found else columns.find(client, links, result.slug)
    if found.failure is not None:
        return found
    missing = [url for url in result.held if url not in found.urls]
    if missing:  # columns that took this result before and are gone from the course: deleted in the LMS
        with sessions() as db, db.begin():
            for url in missing:
                columns.column_gone(db, result.context_id, result.slug, url, now)
    if not found.urls and (label := settings.column_label(result.slug)) is not None:
        item = {"label": label, "scoreMaximum": 100, "resourceId": result.slug, "tag": "module"}
        found = columns.create(sessions, client, links, result.context_id, item, now)
    if found.failure is None and found.urls:
        settings.found[key] = found.urls
    return found


def _send(client: AgsClient, urls: list[str], result: Result) -> dict[str, AgsOutcome]:
    """Post the score to each column that does not hold this version yet (a column that took it keeps it)."""
    outcomes = {}
    for url in urls:
        if (result.held.get(url) or 0) >= result.version:
            outcomes[url] = AgsOutcome("delivered", None, "déjà reçu")
            continue
        outcomes[url] = client.post_score(url, result.score)
    return outcomes


def _record(sessions: Sessions, owner: str, result: Result, outcomes: dict[str, AgsOutcome], settings: Settings,
            now: datetime, decision: Decision | None = None) -> str:  # fmt: skip
    decision = decision or decide(outcomes, tries=result.tries + 1, now=now, base=settings.retry_base)
    with sessions() as db, db.begin():
        recreated = [_note(db, result, url, outcome, now) for url, outcome in outcomes.items() if url]
        if any(recreated):  # created again at the next try, after the usual wait: never a column per round
            decision = retry_later(result.tries + 1, now, settings.retry_base, "gone",
                                   "colonne supprimée dans la plateforme : recréée à l'envoi suivant")  # fmt: skip
        recorded = db.execute(
            update(GradeOutbox)
            .where(GradeOutbox.id == result.id, GradeOutbox.version == result.version, GradeOutbox.lease_owner == owner)
            .values(status=decision.status, next_attempt_at=decision.next_attempt_at, tries=result.tries + 1,
                    last_error_kind=decision.error_kind, last_error=decision.error,
                    sent_at=now if decision.status == SENT else None, lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        if affected(recorded) == 0:
            release(db, owner, result.id)  # a newer result came during the send: it goes out next
            return PENDING
    return decision.status


def _note(db: Session, result: Result, url: str, outcome: AgsOutcome, now: datetime) -> bool:
    """What this column answered, the version it holds when it took the score; True for the tool's own
    column gone (it is created again)."""
    row, _ = insert_or_get(db, GradeDelivery, {"outbox_id": result.id, "lineitem_url": url}, outcome=outcome.kind,
                           updated_at=now)  # fmt: skip
    if outcome.kind in ("delivered", "conflict"):
        row.sent_version = max(row.sent_version or 0, result.version)
    recreated = outcome.kind == "gone" and columns.column_gone(db, result.context_id, result.slug, url, now)
    row.outcome, row.http_status, row.detail, row.updated_at = outcome.kind, outcome.status, outcome.detail, now
    return recreated
