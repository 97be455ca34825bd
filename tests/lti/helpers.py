"""Small helpers for launch tests: decode, alter and re-sign an id_token."""
from __future__ import annotations

import base64
import json
from typing import Any


def unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of a JWT, without checking anything."""
    header, body, _ = token.split(".")
    return _decode(header), _decode(body)


def _decode(part: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def b64(data: dict[str, Any] | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
