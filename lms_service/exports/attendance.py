"""One row per attendance recorded at an on-site session: the day, the session, who, whether they came, and
who said so when."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import gettext
from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from ..models import Attendance, Context, Membership, OnsiteSession, User
from ..records.words import attendance_words
from . import COURSE, person_columns, person_of, streamed

_recorder, _recorder_user = aliased(Membership), aliased(User)


def header() -> list[str]:
    return [gettext("Date"), gettext("Séance"), gettext("Apprenant"), gettext("Cours"), gettext("Présence"),
            gettext("Noté par"), gettext("Noté le")]  # fmt: skip


def rows(learners: Select[Any], emails: bool) -> Iterator[list[object]]:
    """These learners' attendance, session by session in date order."""
    words = attendance_words()
    for row in streamed(_statement(learners)):
        yield [row.held_on, row.label, person_of(row, "learner", emails), row.course,
               words.get(row.status, row.status), person_of(row, "by", emails), row.set_at]  # fmt: skip


def _statement(learners: Select[Any]) -> Select[Any]:
    return (
        select(OnsiteSession.held_on, OnsiteSession.label, Attendance.status, Attendance.set_at, COURSE,
               *person_columns(User, "learner"), *person_columns(_recorder_user, "by"))
        .select_from(Attendance)
        .join(OnsiteSession, OnsiteSession.id == Attendance.session_id)
        .join(Membership, Membership.id == Attendance.membership_id)
        .join(User, User.id == Membership.user_id)
        .join(Context, Context.id == Membership.context_id)
        .outerjoin(_recorder, _recorder.id == Attendance.set_by_id)
        .outerjoin(_recorder_user, _recorder_user.id == _recorder.user_id)
        .where(Attendance.membership_id.in_(learners))
        .order_by(OnsiteSession.held_on, OnsiteSession.id, Membership.name_key, Membership.id)
    )  # fmt: skip
