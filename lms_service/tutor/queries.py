"""What the tutor pages read: one query per page of learners, whatever the course size.

The page of memberships is chosen first (indexed on context and role), then
only those rows are joined to their progress, so the cost grows with the page,
not with the course.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import get_timezone
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import aliased

from ..db import get_session, utcnow
from ..models import COMPLETED, IN_PROGRESS, READ, Membership, ModuleProgress, User
from ..sessions import Member
from .list_view import ListView, filtered, ordering
from .weeks import nursery_week


@dataclass(frozen=True)
class LearnerRow:
    membership_id: int
    name: str
    email: str | None
    modality: str | None
    entry_date: date
    last_activity_at: datetime | None
    in_progress: int
    seconds_spent: int
    completed_slugs: tuple[str, ...]
    never_launched: bool = False  # known from the LMS's roster only (« jamais connecté »)
    entry_date_estimated: bool = False  # the roster's day, until a référent confirms it
    referent: str | None = None  # the name of the tutor who follows them
    week: int = 0  # their week in the nursery, counted from their own entry

    def completed_in(self, slugs: frozenset[str]) -> int:
        """How many of these modules (the nursery's) this learner has completed."""
        return sum(1 for slug in self.completed_slugs if slug in slugs)


DEFAULT_VIEW = ListView()


def _visible_learners(viewer: Member, mine: bool = False, view: ListView = DEFAULT_VIEW) -> Select[int]:
    """Learners of the viewer's course (not those the roster says have left) that the view asks for; a mentor
    alone sees only the people in its scope."""
    query = select(Membership.id).where(
        Membership.context_id == viewer.context_id, Membership.is_learner.is_(True), Membership.left_at.is_(None)
    )
    mentor_only = viewer.is_mentor and not (viewer.is_tutor or viewer.is_admin)
    if mentor_only or view.search or view.sort == "nom":  # the person's row only when it is needed: a count of a
        query = query.join(User, User.id == Membership.user_id)  # whole course stays on the membership's index
    if mentor_only:
        query = query.where(User.sub.in_(viewer.mentor_scope or [""]))
    if mine:
        query = query.where(Membership.referent_id == viewer.id)
    return filtered(query, view, utcnow())


def visible_learners_query(viewer: Member, mine: bool = False, view: ListView = DEFAULT_VIEW) -> Select[int]:
    """The ids of the learners the viewer may see, as a subquery for other pages (the CSV export)."""
    return _visible_learners(viewer, mine, view)


def visible_learner_ids(viewer: Member, ids: list[int]) -> list[int]:
    """Which of these memberships are learners the viewer may see (one query)."""
    return list(get_session().scalars(_visible_learners(viewer).where(Membership.id.in_(ids))))


def follows_anyone(viewer: Member) -> bool:
    """Whether this tutor is anyone's référent in the course (one indexed look, no count)."""
    query = select(Membership.id).where(Membership.context_id == viewer.context_id, Membership.referent_id == viewer.id)
    return get_session().scalar(query.limit(1)) is not None


def count_learners(viewer: Member, mine: bool = False, view: ListView = DEFAULT_VIEW) -> int:
    return get_session().scalar(select(func.count()).select_from(_visible_learners(viewer, mine, view).subquery())) or 0


def learners_page(viewer: Member, page: int, per_page: int, mine: bool = False,
                  view: ListView = DEFAULT_VIEW) -> list[LearnerRow]:  # fmt: skip
    """One page of learners with their module counts and référent, in the view's order."""
    page_ids = (
        _visible_learners(viewer, mine, view)
        .order_by(*ordering(view))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery()
    )
    referent, referent_user = aliased(Membership), aliased(User)
    today = utcnow().astimezone(get_timezone()).date()
    rows = get_session().execute(
        select(
            Membership,
            User,
            func.count(case((ModuleProgress.status.in_((IN_PROGRESS, READ)), 1))),
            func.coalesce(func.sum(ModuleProgress.seconds_spent), 0),
            func.aggregate_strings(case((ModuleProgress.status == COMPLETED, ModuleProgress.module_slug)), ","),
            referent_user,
        )
        .join(page_ids, page_ids.c.id == Membership.id)
        .join(User, User.id == Membership.user_id)
        .outerjoin(referent, referent.id == Membership.referent_id)
        .outerjoin(referent_user, referent_user.id == referent.user_id)
        .outerjoin(ModuleProgress, ModuleProgress.membership_id == Membership.id)
        .group_by(Membership.id, User.id, referent_user.id)
        .order_by(*ordering(view))
    ).all()
    return [
        LearnerRow(
            membership_id=m.id,
            name=u.display_name,
            email=u.email,
            modality=m.modality,
            entry_date=m.entry_date,
            last_activity_at=m.last_activity_at,
            in_progress=in_progress,
            seconds_spent=int(seconds),
            completed_slugs=tuple(sorted(filter(None, (slugs or "").split(",")))),
            never_launched=m.first_launch_at is None,
            entry_date_estimated=m.entry_date_estimated,
            referent=r.display_name if r is not None else None,
            week=nursery_week(m.entry_date, today),
        )
        for m, u, in_progress, seconds, slugs, r in rows
    ]


def visible_learner(viewer: Member, membership_id: int) -> Membership | None:
    """A learner of the viewer's course that the viewer may see; None for anyone else."""
    allowed = _visible_learners(viewer).where(Membership.id == membership_id)
    return get_session().scalars(select(Membership).where(Membership.id.in_(allowed))).first()


def module_progress(membership_id: int) -> dict[str, ModuleProgress]:
    """This learner's progress rows, by module slug."""
    rows = get_session().scalars(select(ModuleProgress).where(ModuleProgress.membership_id == membership_id))
    return {row.module_slug: row for row in rows}
