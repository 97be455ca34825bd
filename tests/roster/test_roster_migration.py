"""Migration 0012 undone: a member the roster brought in who never launched is kept, with launch times."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask import Flask

from lms_service.cli import migrate
from lms_service.db import get_engine

from ..scratch_database import course_member, downgrade, rows, scratch  # noqa: F401 (a fixture)

SEEN = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


def test_undoing_0012_gives_never_launched_members_launch_times_and_restores_not_null(scratch: Flask) -> None:  # noqa: F811
    with scratch.app_context():
        migrate("0012")
        with get_engine().begin() as conn:
            launched = course_member(conn, "Inès Belkacem")
            context, user, lms = conn.execute(sa.text("SELECT context_id, user_id, lms_id FROM membership "
                                                      "JOIN app_user ON app_user.id = user_id")).one()  # fmt: skip
            [listed, entered] = rows(conn, "app_user", *({"lms_id": lms, "sub": s, "name": s, "created_at": SEEN}
                                                         for s in ("yasmine", "dylan")))  # fmt: skip
            never = {"context_id": context, "roles": "[]", "is_learner": True, "is_tutor": False, "is_author": False,
                     "is_admin": False, "is_mentor": False, "mentor_scope": "[]", "entry_date": date(2026, 11, 3),
                     "entry_date_estimated": True, "first_launch_at": None, "last_launch_at": None}  # fmt: skip
            rows(conn, "membership", {**never, "user_id": listed, "roster_seen_at": SEEN},
                 {**never, "user_id": entered, "roster_seen_at": None})
        downgrade("0011")
        columns = {c["name"]: c for c in sa.inspect(get_engine()).get_columns("membership")}
        assert not columns["first_launch_at"]["nullable"] and not columns["last_launch_at"]["nullable"]
        with get_engine().connect() as conn:
            found = conn.execute(sa.select(sa.table("membership", sa.column("user_id"),
                                                    sa.column("first_launch_at", sa.DateTime(timezone=True)),
                                                    sa.column("last_launch_at", sa.DateTime(timezone=True))))
                                 .order_by(sa.column("id"))).all()  # fmt: skip
        [ines, yasmine, dylan] = found
        assert ines.user_id == user and ines.first_launch_at is not None and launched
        assert _utc(yasmine.first_launch_at) == SEEN and _utc(yasmine.last_launch_at) == SEEN
        assert _utc(dylan.first_launch_at) == datetime(2026, 11, 3, tzinfo=UTC) == _utc(dylan.last_launch_at)
        with pytest.raises(sa.exc.IntegrityError), get_engine().begin() as conn:
            conn.execute(sa.text("UPDATE membership SET first_launch_at = NULL"))


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
