"""The platform side of LTI Dynamic Registration 1.0: the OpenID configuration and /register.

Like Moodle's openid-registration.php, /register wants the registration token issued
when the administrator started the registration (401 otherwise, and 401 on reuse),
creates a new client id and deployment id, and leaves the tool pending.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, jsonify, request

from .api_errors import ApiError
from .client_metadata import BAD_METADATA, TOOL_CONFIGURATION, read_client_metadata
from .openid_configuration import SERVICE_SCOPES
from .platform import current_platform
from .registry import InvalidRegistrationToken, new_client_id, new_deployment_id

bp = Blueprint("dynamic_registration", __name__)


@bp.get("/.well-known/openid-configuration")
@bp.get("/registration/openid-configuration")
def openid_configuration() -> Response:
    return jsonify(current_platform().openid_configuration())


@bp.post("/register")
def register() -> Response:
    platform = current_platform()
    token = _registration_token()
    body = _json_body()
    metadata = read_client_metadata(body, SERVICE_SCOPES)
    registration = metadata.registration(new_client_id(), new_deployment_id())
    try:
        platform.tools.register(token, registration)
    except InvalidRegistrationToken as exc:  # used by a concurrent request meanwhile
        raise _unauthorized(str(exc)) from None
    answer = {
        **body,
        "client_id": registration.client_id,
        "scope": " ".join(sorted(registration.scopes)),
        TOOL_CONFIGURATION: {**body[TOOL_CONFIGURATION], "deployment_id": registration.deployment_id},
    }
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response


def _registration_token() -> str:
    """The bearer token, checked before the body is read, as Moodle does."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise _unauthorized("an Authorization: Bearer <registration_token> header is required")
    try:
        current_platform().tools.check_token(value.strip())
    except InvalidRegistrationToken as exc:
        raise _unauthorized(str(exc)) from None
    return value.strip()


def _json_body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(400, BAD_METADATA, f"Content-Type must be application/json, got {request.mimetype or 'none'!r}")
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        raise ApiError(400, BAD_METADATA, "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, BAD_METADATA, "the registration request must be a JSON object")
    return body


def _unauthorized(description: str) -> ApiError:
    return ApiError(401, "invalid_token", description,
                    {"WWW-Authenticate": 'Bearer realm="devplatform", error="invalid_token"'})
