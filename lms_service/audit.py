"""The audit trail: every read of a learner's page, every export and every erasure, attributed.

A référent's reads are personal data processing the programme must be able to
account for (GDPR art. 5(2) and 30); the row names the tutor, the course and the
learner by their ids only, and the action, never what the page showed.
"""
from __future__ import annotations

from typing import Protocol

from sqlalchemy import select

from .db import get_session, utcnow
from .models import AuditEvent, Context


class Actor(Protocol):
    """Who acts: a launched member (`current_membership()`) or a membership row."""

    @property
    def id(self) -> int: ...
    @property
    def context_id(self) -> int: ...


def record(actor: Actor, action: str, *, what: str = "", subject_id: int | None = None,
           context_id: int | None = None) -> None:  # fmt: skip
    """Add the event to the request's transaction: it is kept if and only if what it records happened.

    The LMS is read by the INSERT itself (a subquery on the actor's course): no round trip of its own.
    """
    lms_id = select(Context.lms_id).where(Context.id == actor.context_id).scalar_subquery()
    get_session().add(AuditEvent(lms_id=lms_id, actor_id=actor.id, action=action, what=what[:100], subject_id=subject_id,
                      context_id=context_id if context_id is not None else actor.context_id, at=utcnow()))  # fmt: skip
