"""Who wrote or changed a record, by name: the memberships named on a page, read in one query."""
from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from ..db import get_session
from ..models import Membership, User
from ..models.people import person_name


def names(membership_ids: Collection[int | None]) -> dict[int, str]:
    """The name of each membership (a référent who left keeps it: the row stays); never the e-mail address, which
    a mentor's page and the printed review leave out."""
    wanted = sorted({i for i in membership_ids if i is not None})
    if not wanted:
        return {}
    query = (select(Membership.id, User.name, User.given_name, User.family_name, User.sub)
             .join(User, User.id == Membership.user_id).where(Membership.id.in_(wanted)))  # fmt: skip
    return {row.id: person_name(row.name, row.given_name, row.family_name, None, row.sub)
            for row in get_session().execute(query)}  # fmt: skip
