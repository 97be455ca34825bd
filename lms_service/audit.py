"""The audit trail: every read of a learner's page, every export and every erasure, attributed.

A référent's reads are personal data processing the programme must be able to
account for (GDPR art. 5(2) and 30); the row names the tutor, the course and the
learner by their ids only, and the action, never what the page showed.
"""
from __future__ import annotations

from typing import Protocol

from sqlalchemy import select

from .db import get_session, on_refusal, utcnow
from .models import AuditEvent, Context, Membership
from .models.audit import READ_LEARNER


class Actor(Protocol):
    """Who acts: a launched member (`current_membership()`) or a membership row."""

    @property
    def id(self) -> int: ...
    @property
    def context_id(self) -> int: ...


def record(actor: Actor, action: str, *, what: str = "", subject_id: int | None = None,
           context_id: int | None = None) -> None:  # fmt: skip
    """Add the event to the request's transaction: it is kept if and only if what it records happened."""
    get_session().add(_event(actor, action, what, subject_id, context_id))


def record_read(actor: Actor, member: Membership, what: str) -> None:
    """A page about one learner was shown (« fiche », « notes », « bilan »…): on the trail, also when the page
    answers a refused form (400), whose own work the request rolls back."""
    subject_id, context_id = member.id, member.context_id
    record(actor, READ_LEARNER, what=what, subject_id=subject_id, context_id=context_id)
    on_refusal(lambda db: db.add(_event(actor, READ_LEARNER, what, subject_id, context_id)))


def _event(actor: Actor, action: str, what: str, subject_id: int | None, context_id: int | None) -> AuditEvent:
    """The row; the LMS is read by the INSERT itself (a subquery on the actor's course): no round trip of its own."""
    lms_id = select(Context.lms_id).where(Context.id == actor.context_id).scalar_subquery()
    return AuditEvent(lms_id=lms_id, actor_id=actor.id, action=action, what=what[:100], subject_id=subject_id,
                      context_id=context_id if context_id is not None else actor.context_id, at=utcnow())  # fmt: skip
