"""The state of an OIDC login, signed instead of stored: the login writes nothing, the launch checks it.

The state the tool hands the platform carries the registration the login was for
and the nonce it asked for, signed with the app's secret and dated. The launch
that comes back reads it (a forged, altered or expired state is refused), and
records its state and nonce as used (lti_login_state) in the launch's own
transaction: the row's unique keys let each be used once, whoever races for it.
A login that never comes back leaves nothing behind.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from .dialect import INSERTS, dialect
from .models import LoginState

SALT = "lti-login-state"
# How long a used state's row outlives the state (see record_used).
KEPT_PAST_EXPIRY = timedelta(minutes=1)
# pylti1p3 puts this before the value it is given for the state.
STATE_PREFIX = "state-"
# What issue() writes, and no more: the prefix, then URL-safe base64 and dots, within lti_login_state.state.
# Anything else (padding, another alphabet, an over-long string) is not a state this tool issued.
_ISSUED_SHAPE = re.compile(re.escape(STATE_PREFIX) + r"[A-Za-z0-9_.\-]{1,122}")


@dataclass(frozen=True)
class IssuedLogin:
    """What a signed state says: for which registration, with which nonce, and when it was issued."""

    platform_id: int
    nonce: str
    issued_at: datetime


class LoginStates:
    """Issue and read signed login states with the app's secret key."""

    def __init__(self, secret_key: str, max_age: timedelta) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt=SALT)
        self.max_age = max_age

    def issue(self, platform_id: int) -> tuple[str, str]:
        """A new (signed value, nonce) pair for a login at this registration; the state is the prefixed value."""
        nonce = secrets.token_urlsafe(24)
        return self._serializer.dumps([platform_id, nonce]), nonce

    def read(self, state: str) -> IssuedLogin | None:
        """The login a state was issued for; None if it is forged, altered, misshapen or older than max_age.

        Base64 lets a few spellings of one signature verify; replay protection does
        not rest on the state's spelling but on its nonce, recorded once (record_used).
        """
        if not _ISSUED_SHAPE.fullmatch(state):
            return None
        try:
            payload, signed_at = self._serializer.loads(
                state.removeprefix(STATE_PREFIX), max_age=int(self.max_age.total_seconds()), return_timestamp=True
            )
        except BadData:
            return None
        return _issued(payload, signed_at)


def _record_used_statement(insert: Any) -> Any:
    table = LoginState.__table__
    return insert(table).on_conflict_do_nothing().returning(table.c.state)


# Built once per kind of database: building a statement costs more than running it.
_RECORD_USED = {name: _record_used_statement(insert) for name, insert in INSERTS.items()}


def record_used(session: Session, state: str, login: IssuedLogin, max_age: timedelta, now: datetime) -> bool:
    """Record a login's state and nonce as used, in one statement; False if either already was.

    The row is kept a little past the state's expiry (`flask lti purge`): the
    signature's clock counts whole seconds, so a state is still read a moment
    after `issued_at + max_age`, and its used row must outlive that moment.
    """
    inserted = session.connection().execute(_RECORD_USED[dialect(session)], {
        "state": state, "nonce": login.nonce, "platform_id": login.platform_id, "created_at": login.issued_at,
        "expires_at": login.issued_at + max_age + KEPT_PAST_EXPIRY, "used_at": now,
    })  # fmt: skip
    return inserted.first() is not None


def _issued(payload: Any, signed_at: datetime) -> IssuedLogin | None:
    if not (isinstance(payload, list) and len(payload) == 2):
        return None
    platform_id, nonce = payload
    if not isinstance(platform_id, int) or not isinstance(nonce, str):
        return None
    issued_at = signed_at if signed_at.tzinfo else signed_at.replace(tzinfo=UTC)
    return IssuedLogin(platform_id, nonce, issued_at)
