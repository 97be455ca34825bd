"""People named on the records' pages, by name, never by e-mail address: who wrote or changed a record (the
memberships named on a page, read in one query), the learner on the printed review."""
from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from ..db import get_session
from ..models import Membership, User
from ..models.people import person_name


def names(membership_ids: Collection[int | None]) -> dict[int, str]:
    """The name of each membership (a référent who left keeps it: the row stays); never the e-mail address: the
    printed review leaves the LMS, and the learner reads who wrote their orientation notes."""
    wanted = sorted({i for i in membership_ids if i is not None})
    if not wanted:
        return {}
    query = (select(Membership.id, User.name, User.given_name, User.family_name, User.sub)
             .join(User, User.id == Membership.user_id).where(Membership.id.in_(wanted)))  # fmt: skip
    return {row.id: person_name(row.name, row.given_name, row.family_name, None, row.sub)
            for row in get_session().execute(query)}  # fmt: skip


def name_of(user: User) -> str:
    """A person's name, or a neutral label when the LMS sent none: never their e-mail address (the printed review
    goes to an adviser outside the LMS)."""
    return person_name(user.name, user.given_name, user.family_name, None, user.sub)
