"""One NRPS member entry, read as hostile input: checked, bounded, or skipped.

An LMS's roster is data the tool stores and shows, so nothing in it is trusted:
an entry that is not an object, has no usable `user_id` (a string, as the
launch's `sub` must be, storable and at most 255 characters), or gives its
roles or status in a form NRPS 2.0 does not have, is skipped and counted by the
caller, never a crash. Profile fields too long for a column become None rather
than being cut, as a cut name or address would be wrong.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .message import LIS, is_identifier, text

# LTI 1.3 caps a role URI as it caps identifiers; no real member has more roles than this.
MAX_ROLE_LENGTH = 255
MAX_ROLES = 32
MAX_NAME_LENGTH = 255
MAX_EMAIL_LENGTH = 320  # RFC 5321: 64 for the local part, @, 255 for the domain
STATUSES = ("Active", "Inactive", "Deleted")
_CONTEXT_ROLE = LIS + "membership#"
_SIMPLE_NAME = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Member:
    """One person of the roster, as the LMS says it."""

    user_id: str  # the LTI `sub`
    roles: tuple[str, ...]  # full role URIs
    status: str  # "Active", "Inactive" or "Deleted"
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None


def read_member(entry: Any) -> Member | None:
    """The member an entry of `members` describes; None when it must be skipped."""
    if not isinstance(entry, dict):
        return None
    user_id = entry.get("user_id")
    roles, status = _roles(entry.get("roles", [])), _status(entry.get("status"))
    if not (isinstance(user_id, str) and user_id and is_identifier(user_id)) or roles is None or status is None:
        return None
    return Member(
        user_id=user_id, roles=roles, status=status,
        name=_bounded(entry.get("name"), MAX_NAME_LENGTH),
        given_name=_bounded(entry.get("given_name"), MAX_NAME_LENGTH),
        family_name=_bounded(entry.get("family_name"), MAX_NAME_LENGTH),
        email=_bounded(entry.get("email"), MAX_EMAIL_LENGTH),
    )  # fmt: skip


def _roles(value: Any) -> tuple[str, ...] | None:
    """Full role URIs, each once; a simple name (Moodle's "Learner") is a context role. None: not a list of strings."""
    if not isinstance(value, list) or not all(isinstance(role, str) for role in value):
        return None
    found = (_full_role(role) for role in value)
    return tuple(dict.fromkeys(role for role in found if role and len(role) <= MAX_ROLE_LENGTH))[:MAX_ROLES]


def _full_role(role: str) -> str | None:
    """A role as a URI: "Learner" becomes the context role …/membership#Learner; a URI is kept as sent."""
    cleaned = text(role)
    if cleaned is None:
        return None
    return _CONTEXT_ROLE + cleaned if _SIMPLE_NAME.fullmatch(cleaned) else cleaned


def _status(value: Any) -> str | None:
    """NRPS's status in its own spelling, whatever the case; Active when absent; None when unknown."""
    if value is None:
        return "Active"
    if not isinstance(value, str):
        return None
    return next((status for status in STATUSES if status.lower() == value.strip().lower()), None)


def _bounded(value: Any, limit: int) -> str | None:
    """Free text, cleaned; None when absent, not text, or longer than its column."""
    cleaned = text(value)
    return cleaned if cleaned is not None and len(cleaned) <= limit else None
