"""Which registrations the tool trusts, and what a dynamic registration may change.

Anyone can open /lti/register with a configuration of their own, so a dynamic
registration is never allowed to move a trust anchor (key set, login, token
URLs, audience): a forged key set would let its author sign launches as any
teacher. Moodle's "update the existing tool" comes back with the same client id
and the same endpoints and goes through. A new client id for an issuer the tool
already knows is a change of trust too: it becomes active at once only when its
endpoints sit on the origins that issuer's active registrations already use
(Moodle's "new tool" case); otherwise it waits, pending, for an administrator.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import platforms
from .framing import origin
from .models import ACTIVE, PENDING, Platform
from .platforms import Endpoints

CREATED, UNCHANGED = "created", "unchanged"


class AnchorChanged(Exception):
    """A registration tried to change where the tool finds an LMS's keys or endpoints."""

    def __init__(self, platform: Platform, fields: list[str]) -> None:
        super().__init__(f"{platform.issuer} ({platform.client_id}): {', '.join(fields)} would change")
        self.platform = platform
        self.fields = fields


@dataclass(frozen=True)
class Admission:
    platform: Platform
    outcome: str  # CREATED or UNCHANGED

    @property
    def pending(self) -> bool:
        return not self.platform.is_active


def admit(session: Session, issuer: str, client_id: str, endpoints: Endpoints, name: str) -> Admission:
    """Store what a dynamic registration brings, within what the tool already trusts."""
    existing = platforms.find(session, issuer, client_id)
    if existing is not None:
        changed = changed_anchors(existing, endpoints)
        if changed:
            raise AnchorChanged(existing, changed)
        existing.name = (name or existing.name)[:200]
        return Admission(existing, UNCHANGED)
    status = ACTIVE if _on_known_origins(session, issuer, endpoints) else PENDING
    platform, _ = platforms.save(session, issuer, client_id, endpoints, name, status=status)
    return Admission(platform, CREATED)


def changed_anchors(platform: Platform, endpoints: Endpoints) -> list[str]:
    """The trust anchors that differ between a stored registration and new endpoints."""
    pairs = {
        "key_set_url": (platform.key_set_url, endpoints.key_set_url),
        "auth_login_url": (platform.auth_login_url, endpoints.auth_login_url),
        "auth_token_url": (platform.auth_token_url, endpoints.auth_token_url),
        "auth_audience": (platform.auth_audience, endpoints.auth_audience),
    }
    return [name for name, (old, new) in pairs.items() if old != new]


def _on_known_origins(session: Session, issuer: str, endpoints: Endpoints) -> bool:
    """True for a first registration of an issuer, or one whose endpoints sit where the issuer's are."""
    siblings = list(
        session.scalars(select(Platform).where(Platform.issuer == issuer, Platform.status == ACTIVE))
    )
    if not siblings:
        return not platforms.issuer_is_known(session, issuer)
    known = {origin(url) for p in siblings for url in (p.auth_login_url, p.auth_token_url, p.key_set_url)}
    wanted = {origin(url) for url in (endpoints.auth_login_url, endpoints.auth_token_url, endpoints.key_set_url)}
    return None not in wanted and wanted <= known


def approve(platform: Platform) -> bool:
    """Let a pending registration launch; False if it already could."""
    if platform.is_active:
        return False
    platform.status = ACTIVE
    return True


def approval_command(platform: Platform) -> str:
    """The command an administrator runs to let a pending registration launch."""
    return cli_command("approve-registration", issuer=platform.issuer, client_id=platform.client_id)


def update_command(platform: Platform) -> str:
    """The command an administrator runs to move a registration's endpoints on purpose.

    The new URLs are left for the administrator to copy from the LMS itself, never
    from the refused registration, whose author may be anyone.
    """
    named = cli_command("add-platform", issuer=platform.issuer, client_id=platform.client_id)
    return named + " --auth-login-url URL --auth-token-url URL --key-set-url URL"


def cli_command(name: str, **options: str | None) -> str:
    """A `flask lti` command line, every value shell-quoted: the values come from outside."""
    words = ["flask", "lti", name]
    for option, value in options.items():
        if value:
            words += [f"--{option.replace('_', '-')}", value]
    return shlex.join(words)
