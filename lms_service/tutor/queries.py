"""What the tutor pages read: a page of learners in a bounded number of queries, whatever the course size.

The page's ids come first, walked on the course's index for the chosen order
(keyset.py); then only those rows are read with their person, référent and
module progress. Nothing here counts or sorts a whole course.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from flask import abort
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from ..db import get_session, utcnow
from ..local_time import paris_today
from ..models import COMPLETED, Context, Membership, ModuleProgress, User
from ..models.people import person_name
from ..risk.rules import Rules
from ..sessions import Member
from .keyset import ORDERS, Cursor, Page, page_of
from .list_view import ListView, filtered
from .weeks import nursery_week

COUNT_CAP = 1000  # a list longer than this says « plus de 1 000 »: counting further would walk the course


class Cell(NamedTuple):
    """One learner in one module, for the grid (a tuple: a page makes a thousand of them)."""

    status: str
    score: int | None
    minutes: int


@dataclass(frozen=True)
class LearnerRow:
    membership_id: int
    name: str
    email: str | None
    modality: str | None
    entry_date: date
    last_activity_at: datetime | None
    never_launched: bool = False  # known from the LMS's roster only (« jamais connecté »)
    entry_date_estimated: bool = False  # the roster's day, until a référent confirms it
    referent: str | None = None  # the name of the tutor who follows them
    week: int = 0  # their week in the nursery, counted from their own entry
    risk_reasons: int = 0  # risk/reasons.py
    nursery_done: bool = False
    course: str = ""  # the course's name, for a view across courses
    completed: int = 0  # modules of the nursery completed
    cells: dict[str, Cell] | None = None  # by module slug, for the grid only

    @property
    def minutes(self) -> int:
        return sum(cell.minutes for cell in (self.cells or {}).values())


DEFAULT_VIEW = ListView()


def followed_courses(viewer: Member) -> Select[Any]:
    """The courses of the viewer's LMS whose learners they may see: those they launched from as a tutor or
    administrator (an administrator: every course of the LMS); a mentor, its own course only."""
    if not viewer.writes:
        return select(Context.id).where(Context.id == viewer.context_id)
    own_lms = select(Context.lms_id).where(Context.id == viewer.context_id).scalar_subquery()
    query = select(Context.id).where(Context.lms_id == own_lms, Context.has_course.is_(True))
    if viewer.is_admin:
        return query
    taught = select(Membership.context_id).where(
        Membership.user_id == viewer.user_id, or_(Membership.is_tutor.is_(True), Membership.is_admin.is_(True)),
        Membership.left_at.is_(None))
    return query.where(Context.id.in_(taught))  # fmt: skip


def _visible_learners(viewer: Member, *columns: Any, mine: bool = False, view: ListView = DEFAULT_VIEW,
                      rules: Rules | None = None, everywhere: bool = False, one: bool = False) -> Select[Any]:  # fmt: skip
    """Learners the viewer may see and the view asks for: this course's, or with `everywhere` those of every
    course they follow; a mentor alone sees only the people in its scope. Lists hold those still in the
    course, or only those the roster says left (`statut=partis`); `one` learner's pages reach either: the
    3- and 6-month follow-ups come after many have left the nursery's course."""
    query = select(*(columns or (Membership.id,))).where(Membership.is_learner.is_(True))
    if not one:
        left = Membership.left_at.is_not(None) if view.status == "partis" else Membership.left_at.is_(None)
        query = query.where(left)
    across = everywhere or view.courses == "tous"
    query = query.where(Membership.context_id.in_(followed_courses(viewer)) if across
                        else Membership.context_id == viewer.context_id)  # fmt: skip
    if viewer.is_mentor and not viewer.writes:
        in_scope = select(User.id).where(User.sub.in_(viewer.mentor_scope or [""]))
        query = query.where(Membership.user_id.in_(in_scope))
    if mine:
        query = query.where(Membership.referent_id == viewer.id)
    return filtered(query, view, utcnow(), rules or Rules())


def visible_learners_query(viewer: Member, mine: bool, view: ListView, rules: Rules) -> Select[Any]:
    """The ids of the learners the view lists, as a subquery for other pages (the CSV export)."""
    return _visible_learners(viewer, mine=mine, view=view, rules=rules)


def visible_learner_ids(viewer: Member, ids: list[int]) -> list[int]:
    """Which of these memberships are learners of the viewer's course that the viewer may see (one query)."""
    return list(get_session().scalars(_visible_learners(viewer).where(Membership.id.in_(ids))))


def visible_learner(viewer: Member, membership_id: int) -> Membership | None:
    """A learner of a course the viewer follows that the viewer may see; None for anyone else."""
    allowed = _visible_learners(viewer, everywhere=True, one=True).where(Membership.id == membership_id)
    return get_session().scalars(select(Membership).where(Membership.id.in_(allowed))).first()


def visible_learner_or_404(viewer: Member, membership_id: int) -> Membership:
    """The learner, or a 404 that says nothing of whether they exist elsewhere (another course, another LMS)."""
    member = visible_learner(viewer, membership_id)
    if member is None:
        abort(404)
    return member


def follows_anyone(viewer: Member) -> bool:
    """Whether this tutor is anyone's référent in the course (one indexed look, no count)."""
    query = select(Membership.id).where(Membership.context_id == viewer.context_id, Membership.referent_id == viewer.id)
    return get_session().scalar(query.limit(1)) is not None


def count_learners(viewer: Member, mine: bool, view: ListView, rules: Rules) -> int:
    """How many the view lists, counted up to COUNT_CAP + 1 at most (more reads as « plus de 1 000 »)."""
    capped = _visible_learners(viewer, mine=mine, view=view, rules=rules).limit(COUNT_CAP + 1).subquery()
    return get_session().scalar(select(func.count()).select_from(capped)) or 0


def learners_page(viewer: Member, view: ListView, mine: bool, rules: Rules, cursor: Cursor | None, size: int,
                  nursery: frozenset[str]) -> tuple[list[LearnerRow], Page]:  # fmt: skip
    """One page of learners in the view's order, with their référent, course and nursery modules completed
    (and, for the grid, each module's progress)."""
    key = ORDERS[view.sort].column
    page = page_of(_visible_learners(viewer, Membership.id, key, mine=mine, view=view, rules=rules), view.sort,
                   cursor, size)  # fmt: skip
    if not page.ids:
        return [], page
    db = get_session()
    found = db.execute(_PAGE_ROWS, {"ids": page.ids}).all()
    cells = page_cells(page.ids) if view.layout == "grille" else None
    completed = Counter(member for member, slug in db.execute(_COMPLETED, {"ids": page.ids}) if slug in nursery)
    today = paris_today()
    emails = viewer.writes  # a mentor follows without contact details
    rows = {row.id: _row(row, completed.get(row.id, 0), None if cells is None else cells.get(row.id, {}), today,
                         emails) for row in found}  # fmt: skip
    return [rows[i] for i in page.ids if i in rows], page


_referent, _referent_user = aliased(Membership), aliased(User)
# Built once: building it (its aliases above all) cost more than running it, on every page.
_PAGE_ROWS = (
    select(Membership.id, Membership.modality, Membership.entry_date, Membership.last_activity_at,
           Membership.first_launch_at, Membership.entry_date_estimated, Membership.referent_id,
           Membership.risk_reasons, Membership.nursery_done_at, User.name, User.given_name, User.family_name,
           User.email, User.sub, _referent_user.name.label("r_name"), _referent_user.given_name.label("r_given"),
           _referent_user.family_name.label("r_family"), _referent_user.email.label("r_email"), Context.title,
           Context.label)
    .join(User, User.id == Membership.user_id)
    .join(Context, Context.id == Membership.context_id)
    .outerjoin(_referent, _referent.id == Membership.referent_id)
    .outerjoin(_referent_user, _referent_user.id == _referent.user_id)
    .where(Membership.id.in_(bindparam("ids", expanding=True)))
)  # fmt: skip
_PAGE_CELLS = select(
    ModuleProgress.membership_id, ModuleProgress.module_slug, ModuleProgress.status, ModuleProgress.score_percent,
    ModuleProgress.seconds_spent,
).where(ModuleProgress.membership_id.in_(bindparam("ids", expanding=True)))


# The page's completed modules, counted in Python: with the nursery's slugs in the WHERE clause, PostgreSQL
# may walk the (module, status) index over the whole course instead of the page's 50 learners.
_COMPLETED = select(ModuleProgress.membership_id, ModuleProgress.module_slug).where(
    ModuleProgress.membership_id.in_(bindparam("ids", expanding=True)), ModuleProgress.status == COMPLETED)


def _row(r: Any, completed: int, cells: dict[str, Cell] | None, today: date, emails: bool) -> LearnerRow:
    """One learner of the list; without `emails` (a mentor) no address, not even in place of a missing name."""
    email, referent_email = (r.email, r.r_email) if emails else (None, None)
    referent = person_name(r.r_name, r.r_given, r.r_family, referent_email, "") if r.referent_id is not None else None
    return LearnerRow(
        membership_id=r.id, name=person_name(r.name, r.given_name, r.family_name, email, r.sub), email=email,
        modality=r.modality, entry_date=r.entry_date, last_activity_at=r.last_activity_at,
        never_launched=r.first_launch_at is None, entry_date_estimated=r.entry_date_estimated, referent=referent,
        week=nursery_week(r.entry_date, today), risk_reasons=r.risk_reasons, nursery_done=r.nursery_done_at is not None,
        course=r.title or r.label, completed=completed, cells=cells,
    )  # fmt: skip


def page_cells(ids: list[int]) -> dict[int, dict[str, Cell]]:  # the grid's
    """The page's module progress, one query: each learner's status, counted score and minutes per module."""
    rows = get_session().execute(_PAGE_CELLS, {"ids": ids}).all()
    cells: dict[int, dict[str, Cell]] = {}
    for member, slug, status, score, seconds in rows:
        cells.setdefault(member, {})[slug] = Cell(status, score, round((seconds or 0) / 60))
    return cells
