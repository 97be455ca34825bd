"""Where a result goes in the LMS: the course's gradebook columns for its module, found or created once.

A module's columns are every line item of the course whose `resourceId` is the
module's slug (a teacher may place a module twice), plus the line item a
module's own placement was given by the LMS (Moodle's "grade sync only" gives
a link its column and no right to list the others). When the course has none
and the LMS lets the tool manage columns, the tool creates one, after claiming
it in `grade_column` so that two workers, or a retry after a crash, never make
a second: a claim without its URL is someone's creation under way (or lost:
after CLAIM_STALE it may be taken over, and the LMS is asked first).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lti.services import AgsClient, AgsOutcome

from ..db import affected, insert_ignore
from ..models import GradeColumn, ResourceLink
from .outbox import WHOLE_PATH

LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READ = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
CLAIM_STALE = timedelta(minutes=5)


@dataclass(frozen=True)
class Link:
    """What a placement of the tool in the course says about its gradebook (read in a short transaction)."""

    registration_id: int
    lineitems_url: str | None
    lineitem_url: str | None
    scopes: frozenset[str]
    module: str  # the module it places, or `parcours` for the whole path


@dataclass
class Columns:
    """The columns found for a module, or why none could be found now (`failure`: retry or stop)."""

    urls: list[str] = field(default_factory=list)
    failure: AgsOutcome | None = None
    created: bool = False


def course_links(db: Session, context_id: int) -> list[Link]:
    """The course's placements that can reach the LMS gradebook, newest first."""
    rows = db.scalars(
        select(ResourceLink)
        .where(ResourceLink.context_id == context_id, ResourceLink.registration_id.is_not(None))
        .order_by(ResourceLink.updated_at.desc(), ResourceLink.id.desc())
    ).all()
    return [
        Link(row.registration_id, row.ags_lineitems_url, row.ags_lineitem_url, frozenset(row.ags_scopes or ()),
             (row.custom or {}).get("module") or WHOLE_PATH)
        for row in rows if row.registration_id is not None and (row.ags_lineitems_url or row.ags_lineitem_url)
    ]  # fmt: skip


def find(client: AgsClient, links: list[Link], slug: str) -> Columns:
    """The module's columns the LMS lists, and its own placements' columns."""
    found = Columns(urls=[link.lineitem_url for link in links if link.module == slug and link.lineitem_url])
    container = _container(links, LINEITEM_READ, LINEITEM)
    if container is not None:
        listed = client.line_items(container, resource_id=slug)
        if listed.kind != "delivered":
            return Columns(found.urls, failure=listed)
        found.urls += [item["id"] for item in listed.data or () if _is_column_of(item, slug, container)]
    found.urls = list(dict.fromkeys(found.urls))
    return found


def create(session: Callable[[], Session], client: AgsClient, links: list[Link], context_id: int,
           item: dict[str, Any], now: datetime) -> Columns:  # fmt: skip
    """Claim the module's column in the database, then ask the LMS to create it; none if the LMS forbids it."""
    container = _container(links, LINEITEM)
    if container is None:
        return Columns()
    with session() as db:
        known = db.scalars(select(GradeColumn).where(
            GradeColumn.context_id == context_id, GradeColumn.resource_id == item["resourceId"])).first()  # fmt: skip
    if known is not None and known.removed_at is not None:
        return Columns()  # the teacher deleted this module's column: none in its place
    if known is not None and known.lineitem_url:
        return Columns(urls=[known.lineitem_url])
    if not _claim(session, context_id, item["resourceId"], now):
        return Columns(failure=AgsOutcome("retry", None, "colonne en cours de création par un autre envoi"))
    made = client.create_line_item(container, item)
    url = made.data.get("id") if made.kind == "delivered" and isinstance(made.data, dict) else None
    if not isinstance(url, str) or not same_site(url, container):
        return Columns(failure=made if made.kind != "delivered" else AgsOutcome("refused", made.status, "colonne sans adresse"))
    with session() as db, db.begin():
        db.execute(update(GradeColumn).where(GradeColumn.context_id == context_id,
                                             GradeColumn.resource_id == item["resourceId"]).values(lineitem_url=url))  # fmt: skip
    return Columns(urls=[url], created=True)


def column_gone(db: Session, context_id: int, resource_id: str, url: str, now: datetime) -> bool:
    """A column has disappeared: True if the tool created it (its claim is freed, so it is created again);
    a teacher's column is remembered as removed, and none is created in its place."""
    freed = db.execute(
        update(GradeColumn).where(GradeColumn.context_id == context_id, GradeColumn.lineitem_url == url)
        .values(lineitem_url=None, claimed_at=datetime(1970, 1, 1, tzinfo=now.tzinfo))
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if affected(freed) > 0:
        return True
    # No claim of the tool's for this module: the column was the teacher's. A claim (another URL, or one
    # being created) means the tool's own column lives on: nothing to remember then.
    insert_ignore(db, GradeColumn, context_id=context_id, resource_id=resource_id, lineitem_url=None,
                  claimed_at=now, removed_at=now)  # fmt: skip
    return False


def _claim(session: Callable[[], Session], context_id: int, resource_id: str, now: datetime) -> bool:
    """True when this worker may create the column: it inserted the claim, or took over a stale one."""
    with session() as db, db.begin():
        if insert_ignore(db, GradeColumn, context_id=context_id, resource_id=resource_id, lineitem_url=None, claimed_at=now):
            return True
        taken = db.execute(
            update(GradeColumn)
            .where(GradeColumn.context_id == context_id, GradeColumn.resource_id == resource_id,
                   GradeColumn.lineitem_url.is_(None), GradeColumn.claimed_at < now - CLAIM_STALE)
            .values(claimed_at=now)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return affected(taken) == 1


def _is_column_of(item: Any, slug: str, container: str) -> bool:
    """A line item of the module (an LMS that ignores the `resource_id` filter lists every column), on the
    container's own site: a listing must not send the token and a learner's id elsewhere."""
    return (isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("resourceId") == slug
            and same_site(item["id"], container))  # fmt: skip


def same_site(url: str, other: str) -> bool:
    first, second = urlsplit(url), urlsplit(other)
    return (first.scheme, first.netloc) == (second.scheme, second.netloc)


def _container(links: list[Link], *scopes: str) -> str | None:
    """The course's line-item container, from a placement whose token may use one of `scopes`."""
    return next((link.lineitems_url for link in links if link.lineitems_url and link.scopes & set(scopes)), None)
