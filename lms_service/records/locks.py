"""Two référents saving the same learner's record at once: the second waits, then reads what the first saved."""
from __future__ import annotations

from sqlalchemy import select

from ..db import get_session
from ..models import Membership
from ..sessions.store import TAKE


def take_learner(membership_id: int) -> None:
    """Hold the learner's row until the request commits, before reading the record it is about to change.

    On PostgreSQL a row lock (FOR NO KEY UPDATE: rows referencing the learner can
    still be added), and the read that follows sees the other request's commit.
    SQLite has no row locks: a write that changes nothing takes its one write
    lock, and reads after it see every commit made before.
    """
    db = get_session()
    if db.get_bind().dialect.name == "sqlite":
        db.execute(TAKE, {"m": membership_id})
    else:
        db.execute(select(Membership.id).where(Membership.id == membership_id).with_for_update(key_share=True))
