"""One-time dynamic registration links: how an administrator opens registration where it is closed.

In production /lti/register accepts only allow-listed LMS hosts. For any other
LMS the administrator prints a link (`flask lti registration-link`): its secret
sits in the path, so Moodle can append its own query parameters, and it is used
up only by a registration that succeeds, so a typo or a refusing LMS does not
waste it.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms_service.db import affected, as_utc, utcnow

from .models import Platform, RegistrationLink


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(session: Session, lifetime: timedelta) -> str:
    """Store a new link and return its secret (shown once, never stored)."""
    secret = secrets.token_urlsafe(24)
    now = utcnow()
    session.add(RegistrationLink(secret_hash=_hash(secret), created_at=now, expires_at=now + lifetime))
    session.flush()
    return secret


def is_usable(session: Session, secret: str) -> bool:
    """Whether the link exists, has not expired and has not been used."""
    link = session.scalars(select(RegistrationLink).where(RegistrationLink.secret_hash == _hash(secret))).first()
    return link is not None and link.used_at is None and as_utc(link.expires_at) > utcnow()


def use(session: Session, secret: str, platform: Platform) -> bool:
    """Spend the link on this registration, once, even with two registrations racing for it."""
    now = utcnow()
    result = session.execute(
        update(RegistrationLink)
        .where(
            RegistrationLink.secret_hash == _hash(secret),
            RegistrationLink.used_at.is_(None),
            RegistrationLink.expires_at > now,
        )
        .values(used_at=now, platform_id=platform.id)
        .execution_options(synchronize_session=False)
    )
    return affected(result) == 1
