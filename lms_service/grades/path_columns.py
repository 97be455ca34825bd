"""The whole path's columns, made before any score: one per scored module, when the path is placed whole.

A teacher who places « the whole path » expects the gradebook to show its
modules' columns at once, not one by one as learners get their first scores.
The worker looks, when it has nothing to send, at every course placed whole
whose LMS lets the tool manage columns: each scored module without a column
(neither the teacher's nor one the tool claimed) gets one, claimed first like
any other (columns.create). A course where every module is claimed costs no
call to the LMS.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lti.services import AgsClient

from ..models import GradeColumn, ResourceLink
from . import columns

Titles = Callable[[str], str | None]  # a scored module's title; None for anything else


def ensure(sessions: Callable[[], Session], clients: Callable[[int], AgsClient], scored: list[str], titles: Titles,
           now: datetime) -> int:  # fmt: skip
    """Create the missing columns of every course placed whole; how many were created."""
    created = 0
    for context_id, links, missing in _courses_to_complete(sessions, scored):
        client = clients(links[0].registration_id)
        for slug in missing:
            found = columns.find(client, links, slug)
            label = titles(slug)
            if found.failure is None and not found.urls and label is not None:
                item = {"label": label, "scoreMaximum": 100, "resourceId": slug, "tag": "module"}
                created += columns.create(sessions, client, links, context_id, item, now).created
    return created


def _courses_to_complete(sessions: Callable[[], Session], scored: list[str]) -> list[tuple[int, list[columns.Link], list[str]]]:
    """Courses placed whole, with a registration that may create columns, and their modules without a claim."""
    with sessions() as db:
        placed = db.execute(select(ResourceLink.context_id, ResourceLink.custom).where(
            ResourceLink.registration_id.is_not(None), ResourceLink.ags_lineitems_url.is_not(None))).all()  # fmt: skip
        whole = sorted({context for context, custom in placed if not (custom or {}).get("module")})
        rows = db.execute(select(GradeColumn.context_id, GradeColumn.resource_id).where(GradeColumn.context_id.in_(whole)))
        claimed = {(context_id, resource_id) for context_id, resource_id in rows}
        found = []
        for context_id in whole:
            missing = [slug for slug in scored if (context_id, slug) not in claimed]
            links = columns.course_links(db, context_id)
            links = [link for link in links if link.registration_id == links[0].registration_id] if links else []
            if missing and any(columns.LINEITEM in link.scopes for link in links):
                found.append((context_id, links, missing))
    return found
