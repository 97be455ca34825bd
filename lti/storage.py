"""pylti1p3's launch data storage in the database, shared by every worker process.

pylti1p3 would otherwise keep launch data in the Flask session cookie, which an
LMS iframe may not send back; here nothing depends on a third-party cookie. The
one value kept is a deep linking request's claims (lti.validation).
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from pylti1p3.launch_data_storage.base import LaunchDataStorage
from sqlalchemy import delete
from sqlalchemy.orm import Session

from lms_service.db import affected, as_utc, utcnow

from .dialect import insert_for
from .models import LoginState, StoredValue


class DbLaunchDataStorage(LaunchDataStorage[Any]):
    """Key/value rows with an expiry; keys are global, not tied to a browser session."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session

    def get_session_cookie_name(self) -> None:
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str) -> Any:
        row = self._session.get(StoredValue, self._prepare_key(key))
        if row is None or _expired(row):
            return None
        return row.value

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        """Insert or replace the value in one statement."""
        insert = insert_for(self._session)
        values = {"key": self._prepare_key(key), "value": value,
                  "expires_at": utcnow() + timedelta(seconds=exp) if exp else None}  # fmt: skip
        statement = insert(StoredValue).values(**values)
        self._session.execute(statement.on_conflict_do_update(
            index_elements=[StoredValue.key], set_={"value": statement.excluded.value,
                                                    "expires_at": statement.excluded.expires_at},
        ))  # fmt: skip

    def check_value(self, key: str) -> bool:
        return self.get_value(key) is not None


def _expired(row: StoredValue) -> bool:
    return row.expires_at is not None and as_utc(row.expires_at) <= utcnow()


def purge_expired(session: Session) -> int:
    """Delete expired launch data and login states; run by `flask lti purge` (a daily job)."""
    now = utcnow()
    values = session.execute(delete(StoredValue).where(StoredValue.expires_at < now))
    states = session.execute(delete(LoginState).where(LoginState.expires_at < now))
    return affected(values) + affected(states)
