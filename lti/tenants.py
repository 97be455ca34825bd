"""LMS records: which LMS a registration belongs to, and joining two records that are one LMS.

People and courses belong to an LMS (lti.models.Lms); a registration is only a
way in. A new registration joins its issuer's LMS, except for an issuer shared
by many institutions (LTI_SHARED_ISSUERS: hosted Canvas, Blackboard SaaS), whose
registrations are kept apart, since two of them are most likely two schools.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms_service.db import affected

from .models import Lms, Platform


def is_shared(issuer: str) -> bool:
    return issuer in current_app.config["LTI_SHARED_ISSUERS"]


def lms_for_new_registration(session: Session, issuer: str, name: str) -> Lms:
    """The issuer's LMS, or a new one (always new for a shared issuer)."""
    if not is_shared(issuer):
        found = session.scalars(select(Lms).where(Lms.issuer == issuer).order_by(Lms.id).limit(1)).first()
        if found is not None:
            return found
    lms = Lms(issuer=issuer, name=name[:200] or issuer)
    session.add(lms)
    session.flush()
    return lms


def move_registrations(session: Session, into: Lms, other: Lms) -> int:
    """Hand `other`'s registrations to `into`; the service unites their people and courses."""
    result = session.execute(
        update(Platform)
        .where(Platform.lms_id == other.id)
        .values(lms_id=into.id)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return affected(result)
