"""OAuth 2 token endpoint: client_credentials with a signed JWT client assertion (RFC 7523).

This is how the tool earns the access tokens AGS and NRPS ask for; the assertion
is checked against the keys the tool publishes, like any real LMS does.
"""

from __future__ import annotations

from typing import Any

import jwt
from flask import Blueprint, Response, jsonify, request

from .api_errors import ApiError
from .platform import current_platform
from .tool_keys import ToolKeysUnavailable

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
LEEWAY_SECONDS = 5

bp = Blueprint("oauth", __name__)


@bp.post("/token")
def token() -> Response:
    form = request.form
    grant_type = form.get("grant_type")
    if not grant_type:
        raise ApiError(400, "invalid_request", "grant_type is required")
    if grant_type != "client_credentials":
        raise ApiError(400, "unsupported_grant_type", f"only client_credentials is supported, got {grant_type!r}")
    if form.get("client_assertion_type") != ASSERTION_TYPE:
        raise ApiError(400, "invalid_request", f"client_assertion_type must be {ASSERTION_TYPE}")
    assertion = form.get("client_assertion")
    if not assertion:
        raise ApiError(400, "invalid_request", "client_assertion is required")
    client_id = _verified_client(assertion)
    if form.get("client_id", client_id) != client_id:
        raise _invalid_client("client_id does not match the client_assertion")
    granted = _granted_scopes(form.get("scope", ""))
    lifetime = current_platform().registration.token_lifetime_seconds
    issued = current_platform().access_tokens.issue(client_id, granted, lifetime)
    response = jsonify(access_token=issued.value, token_type="Bearer",
                       expires_in=lifetime, scope=" ".join(sorted(granted)))
    response.headers.update({"Cache-Control": "no-store", "Pragma": "no-cache"})
    return response


def _verified_client(assertion: str) -> str:
    """Check the assertion's header, signature and claims; return the client id it proves."""
    platform = current_platform()
    registration = platform.registration
    key = _signing_key(assertion)
    try:
        claims: dict[str, Any] = jwt.decode(
            assertion,
            key,
            algorithms=["RS256"],
            audience=platform.urls.token,
            issuer=registration.client_id,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]},
        )
    except jwt.PyJWTError as exc:
        raise _invalid_client(f"client_assertion refused: {exc}") from None
    if claims["sub"] != registration.client_id:
        raise _invalid_client("client_assertion: sub must equal iss, the client_id")
    if not isinstance(claims["jti"], str) or not claims["jti"]:
        raise _invalid_client("client_assertion: jti must be a non-empty string")
    if not platform.access_tokens.claim_jti(claims["jti"], float(claims["exp"])):
        raise _invalid_client("client_assertion: this jti was already used")
    return registration.client_id


def _signing_key(assertion: str) -> jwt.PyJWK:
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.PyJWTError as exc:
        raise _invalid_client(f"client_assertion is not a JWT: {exc}") from None
    if header.get("alg") != "RS256":
        raise _invalid_client(f"client_assertion must be signed with RS256, not {header.get('alg')!r}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _invalid_client("client_assertion has no kid in its header")
    try:
        key = current_platform().tool_keys.key(kid)
    except ToolKeysUnavailable as exc:
        raise _invalid_client(str(exc)) from None
    if key is None:
        raise _invalid_client(f"the tool's JWKS has no key with kid {kid!r}")
    return key


def _granted_scopes(requested: str) -> frozenset[str]:
    """The requested scopes this registration allows (Moodle's asked ∩ permitted); refusing only when none is left."""
    asked = frozenset(requested.split())
    granted = asked & current_platform().registration.granted_scopes
    if not granted:
        raise ApiError(400, "invalid_scope", f"none of the requested scopes is granted to this tool: {requested!r}")
    return granted


def _invalid_client(description: str) -> ApiError:
    return ApiError(401, "invalid_client", description, {"WWW-Authenticate": 'Bearer realm="devplatform"'})
