"""The LMS administrator's view of scores that do not reach the gradebook, across every course of their LMS."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..models import Context, GradeOutbox, Membership, User
from ..models.grades import PENDING, STOPPED
from .messages import gradebook_line

LIMIT = 500  # the newest first; the rest is in `flask grades status`


@dataclass(frozen=True)
class Stuck:
    """A score stopped or being retried: where, for whom, and why in plain words."""

    course: str
    person: str
    membership_id: int
    context_id: int
    module_slug: str
    status: str
    tries: int
    why: str
    detail: str | None


def stuck_scores(db: Session, context_id: int) -> list[Stuck]:
    """Every stopped or retried score of the LMS the course `context_id` belongs to (one query), never another's."""
    lms = select(Context.lms_id).where(Context.id == context_id).scalar_subquery()
    found = db.execute(
        select(GradeOutbox, Context.title, Context.id, User)
        .join(Membership, GradeOutbox.membership_id == Membership.id)
        .join(Context, Membership.context_id == Context.id)
        .join(User, Membership.user_id == User.id)
        .where(Context.lms_id == lms,
               or_(GradeOutbox.status.in_(STOPPED), and_(GradeOutbox.status == PENDING, GradeOutbox.tries > 0)))
        .order_by(GradeOutbox.last_tried_at.desc(), GradeOutbox.id.desc())
        .limit(LIMIT)
    ).all()  # fmt: skip
    return [
        Stuck(title, user.display_name, row.membership_id, course_id, row.module_slug, row.status, row.tries,
              gradebook_line(row), row.last_error)
        for row, title, course_id, user in found
    ]  # fmt: skip
