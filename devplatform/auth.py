"""OIDC authorization endpoint and JWKS: the platform side of an LTI 1.3 launch.

/auth is as strict as Moodle's mod/lti/auth.php, so a tool that passes here
does not meet its first refusal in production.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, abort, jsonify, render_template, request

from .hints import InvalidHint
from .platform import current_platform
from .registry import RegistrationStatus

bp = Blueprint("auth", __name__)


class AuthRefused(Exception):
    """An OIDC error to post back to the tool's redirect_uri."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@bp.route("/auth", methods=["GET", "POST"])
def authorize() -> str:
    params = request.values
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in current_platform().tools.named(params.get("client_id")).redirect_uris:
        # Posting an error to an address the tool never registered would leak the state.
        abort(400, description="L'adresse de retour (redirect_uri) n'est pas enregistrée pour cet outil : "
                               "le lancement est refusé.")
    try:
        fields = {"id_token": _id_token(params), "state": params["state"]}
    except AuthRefused as refusal:
        fields = {"error": refusal.error, "error_description": refusal.description}
        if params.get("state"):
            fields["state"] = params["state"]
    return render_template("autosubmit.html", action=redirect_uri, fields=fields,
                           title="Retour vers l'outil", button="Continuer vers l'outil")


@bp.get("/jwks")
def jwks() -> Response:
    response = jsonify(current_platform().public_jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _id_token(params: Mapping[str, str]) -> str:
    """Check the authentication request in Moodle's order; return the signed id_token."""
    platform = current_platform()
    registration = platform.tools.named(params.get("client_id"))
    _expect(params, "scope", "openid", "invalid_scope")
    _expect(params, "response_type", "id_token", "unsupported_response_type")
    _expect(params, "client_id", registration.client_id, "unauthorized_client")
    if registration == platform.registration and platform.registration_status is RegistrationStatus.PENDING:
        raise AuthRefused("unauthorized_client", "the tool is awaiting activation by a platform administrator")
    _expect(params, "response_mode", "form_post", "invalid_request")
    _expect(params, "prompt", "none", "invalid_request")
    for name in ("nonce", "state", "login_hint", "lti_message_hint"):
        if not params.get(name):
            raise AuthRefused("invalid_request", f"{name} is required")
    try:
        hint = platform.read_message_hint(params["lti_message_hint"])
    except InvalidHint as exc:
        raise AuthRefused("login_required", f"lti_message_hint is not valid: {exc}") from None
    if params["login_hint"] != hint.login_hint:
        raise AuthRefused("access_denied", "login_hint is not the one issued with this lti_message_hint")
    if hint.client_id != registration.client_id:
        raise AuthRefused("access_denied", "this lti_message_hint was issued for another tool")
    try:
        return platform.id_token(hint, params["nonce"])
    except InvalidHint as exc:  # the same hint, used by a concurrent request
        raise AuthRefused("login_required", f"lti_message_hint is not valid: {exc}") from None


def _expect(params: Mapping[str, str], name: str, wanted: str, error: str) -> None:
    value = params.get(name)
    if not value:
        raise AuthRefused("invalid_request", f"{name} is required")
    if value != wanted:
        raise AuthRefused(error, f"{name} must be {wanted!r}, got {value!r}")
