"""JSON controls for tests and scripts that run in another process than the platform.

A test that starts `python -m devplatform` cannot reach the Platform object, yet it must
make the score endpoint fail for a while or switch the tool to grade-sync-only. These
endpoints do it over HTTP. They exist only because this is a dev platform, and they
answer only on loopback: the peer must be a loopback address, a browser's request from
any other origin is refused, and a POST must be `application/json`, which no other site
can send without a CORS preflight this platform never grants.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any

from flask import Blueprint, Response, jsonify, request

from .api_errors import ApiError
from .outage import OutagePlan, Part
from .platform import Platform, current_platform

bp = Blueprint("dev_controls", __name__, url_prefix="/dev/controls")


@bp.before_request
def loopback_only() -> None:
    """Refuse (403) a peer off loopback and any browser page not served by this platform."""
    try:
        loopback = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ApiError(403, "forbidden", "the dev controls answer only on loopback")
    origin = request.headers.get("Origin")
    if origin is not None and origin != current_platform().urls.base:
        raise ApiError(403, "forbidden", f"the dev controls refuse requests from pages of {origin!r}")


@bp.get("/ags")
def ags_state() -> Response:
    return jsonify(_ags_state(current_platform()))


@bp.post("/ags")
def set_ags() -> Response:
    """`{"status": 503, "count": 5, "retry_after": 1, "part": "scores"}` fails; `{"status": null}` clears."""
    body = _json_object()
    platform = current_platform()
    if body.get("status") is None:
        platform.outage.stop()
    else:
        platform.outage.start(_plan(body))
    return jsonify(_ags_state(platform))


@bp.get("/tool")
def tool_state() -> Response:
    return jsonify(_tool_state(current_platform()))


@bp.post("/tool")
def set_tool() -> Response:
    """`{"grade_sync_only": true, "token_lifetime_seconds": 5}`; a key left out keeps its value."""
    body = _json_object()
    grade_sync_only = body.get("grade_sync_only")
    if grade_sync_only is not None and not isinstance(grade_sync_only, bool):
        raise _bad("`grade_sync_only` must be true, false or null")
    lifetime = _whole(body, "token_lifetime_seconds", minimum=1)
    platform = current_platform()
    platform.update_registration(grade_sync_only=grade_sync_only, token_lifetime_seconds=lifetime)
    return jsonify(_tool_state(platform))


def _plan(body: dict[str, Any]) -> OutagePlan:
    part = body.get("part", Part.SCORES.value)
    if part not in {p.value for p in Part}:
        raise _bad(f"`part` must be one of {', '.join(p.value for p in Part)}; got {part!r}")
    try:
        return OutagePlan(status=_whole(body, "status", minimum=0) or 0, part=Part(part),
                          count=_whole(body, "count", minimum=1), retry_after=_whole(body, "retry_after", minimum=0))
    except ValueError as exc:
        raise _bad(str(exc)) from None


def _ags_state(platform: Platform) -> dict[str, Any]:
    return {**platform.outage.state(), "tokens_issued": len(platform.issued_tokens)}


def _tool_state(platform: Platform) -> dict[str, Any]:
    registration = platform.registration
    return {
        "client_id": registration.client_id,
        "grade_sync_only": registration.grade_sync_only,
        "token_lifetime_seconds": registration.token_lifetime_seconds,
        "granted_scopes": sorted(registration.granted_scopes),
    }


def _json_object() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Content-Type must be application/json")
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        raise _bad("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise _bad("the body must be a JSON object")
    return body


def _whole(body: dict[str, Any], key: str, minimum: int) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _bad(f"`{key}` must be a whole number >= {minimum} or null, got {value!r}")
    return value


def _bad(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)
