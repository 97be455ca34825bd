"""Erase a person in one LMS (GDPR art. 17): their user row, their record in every course, all that hangs off it.

Deleting the user row is enough: every foreign key that leads to a person
cascades (person_tables.py declares them; a test reads the live schema on
SQLite and PostgreSQL), the audit trail keeps its rows with the person unnamed
(SET NULL), and what this person wrote as a référent stays with the learner it
is about, its author unnamed. One thing holds a person's LMS identifier outside
any foreign key: the mentors' scopes (the `sub`s their launch named); it is
taken out of them here. The LMS itself is not touched: it may send the person
again at their next launch or roster read, and that makes a fresh record.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..models import Context, Membership, User
from ..name_keys import fold

CONFIRM_WORD = "EFFACER"


def confirmed(typed: str, user: User) -> bool:
    """Whether the administrator typed the word, or the person's name (case and accents aside)."""
    said = fold(typed)
    return bool(said) and said in (fold(CONFIRM_WORD), fold(user.display_name))


def erase(db: Session, user: User) -> int:
    """Delete the person and everything of theirs, in the request's transaction; how many course records went."""
    records = db.scalar(select(func.count()).where(Membership.user_id == user.id)) or 0
    _out_of_mentor_scopes(db, user)
    db.execute(delete(User).where(User.id == user.id).execution_options(synchronize_session=False))
    db.expunge_all()  # the rows read before are gone: nothing may flush them back
    return records


def _out_of_mentor_scopes(db: Session, user: User) -> None:
    """Take the person's LMS identifier out of the scope of every mentor of their LMS (a few rows)."""
    courses = select(Context.id).where(Context.lms_id == user.lms_id)
    mentors = db.scalars(select(Membership).where(Membership.context_id.in_(courses), Membership.is_mentor.is_(True)))
    for mentor in mentors:
        if user.sub in (mentor.mentor_scope or []):
            mentor.mentor_scope = [sub for sub in mentor.mentor_scope if sub != user.sub]
    db.flush()
