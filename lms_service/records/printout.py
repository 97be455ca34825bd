"""What the one-page printed review holds: the bilan an adviser without an LMS account receives.

Who the learner is, their course, entry and modality, the nursery's modules
they completed, the review and its follow-ups, their référent. Never the notes,
never a quiz's score, never a health or money detail (the review holds none).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..content import get_catalogue
from ..db import get_session
from ..models import COMPLETED, Membership, ModuleProgress
from .follow_ups import FollowUpRecord, follow_ups_of
from .people import name_of, names
from .review import ReviewRecord, review_of


@dataclass(frozen=True)
class Completed:
    title: str
    on: datetime | None  # when it was completed
    on_site: bool  # marked done on site by a référent


@dataclass(frozen=True)
class Printout:
    name: str
    course: str
    entry_date: date
    entry_estimated: bool
    modality: str | None
    referent: str | None
    completed: list[Completed]  # the nursery's modules completed, in path order
    nursery_size: int
    review: ReviewRecord | None
    follow_ups: dict[int, FollowUpRecord]
    authors: dict[int, str]  # names of who wrote the review and follow-ups, and of the référent


def printout(member: Membership) -> Printout:
    """Everything the printed page shows, in a fixed number of queries."""
    nursery = get_catalogue().nursery()
    modules = [module for module in get_catalogue().ordered() if module.slug in nursery]
    done = {row.module_slug: row for row in get_session().scalars(
        select(ModuleProgress).where(ModuleProgress.membership_id == member.id, ModuleProgress.status == COMPLETED))}  # fmt: skip
    review = review_of(member.id)
    follow_ups = follow_ups_of(member.id) if review is not None else {}
    wanted = {member.referent_id, *(v.by_id for v in (review.versions if review else []))}
    wanted |= {v.by_id for record in follow_ups.values() for v in record.versions}
    authors = names(wanted)
    return Printout(
        name=name_of(member.user), course=member.context.title or member.context.label,
        entry_date=member.entry_date, entry_estimated=member.entry_date_estimated, modality=member.modality,
        referent=authors.get(member.referent_id) if member.referent_id is not None else None,
        completed=[Completed(module.title, done[module.slug].completed_at, done[module.slug].onsite_at is not None)
                   for module in modules if module.slug in done],
        nursery_size=len(modules), review=review, follow_ups=follow_ups, authors=authors,
    )  # fmt: skip
