"""The tool's key pairs: creation, the published JWKS, the signing key, rotation.

Keys live in the database and are created by `init-db` (or `flask lti rotate-key`),
never at first request, where several workers would race to create one each.
"""
from __future__ import annotations

import json
import secrets
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms_service.db import utcnow

from .models import ToolKey


def new_tool_key() -> ToolKey:
    """Generate an RSA 2048 key pair with a random kid."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    # Hex, so a kid never starts with "-" and reads as an option to `flask lti retire-key`.
    kid = secrets.token_hex(16)
    public = json.loads(JWK.from_pem(pem.encode()).export_public())
    public.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return ToolKey(kid=kid, private_key_pem=pem, public_jwk=public)


def ensure_tool_key(session: Session) -> ToolKey:
    """Return the signing key, creating the first one if there is none."""
    key = signing_key(session)
    if key is None:
        key = new_tool_key()
        session.add(key)
        session.flush()
    return key


def rotate_key(session: Session) -> ToolKey:
    """Add a new signing key; older keys stay published until retired."""
    key = new_tool_key()
    session.add(key)
    session.flush()
    return key


def retire_key(session: Session, kid: str) -> bool:
    """Stop publishing a key; refuses to retire the only active one."""
    active = list(_active_keys(session))
    target = next((k for k in active if k.kid == kid), None)
    if target is None or len(active) == 1:
        return False
    target.retired_at = utcnow()
    session.flush()
    return True


def signing_key(session: Session) -> ToolKey | None:
    """The newest active key: the one the tool signs with."""
    return session.scalars(
        select(ToolKey).where(ToolKey.retired_at.is_(None)).order_by(ToolKey.id.desc()).limit(1)
    ).first()


def public_jwks(session: Session) -> dict[str, list[dict[str, Any]]]:
    """The JWKS published at /lti/jwks: every key not yet retired."""
    return {"keys": [k.public_jwk for k in _active_keys(session)]}


def _active_keys(session: Session) -> list[ToolKey]:
    return list(
        session.scalars(select(ToolKey).where(ToolKey.retired_at.is_(None)).order_by(ToolKey.id))
    )
