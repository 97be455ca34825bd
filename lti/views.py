"""/lti/login, /lti/launch and /lti/jwks: the only doors from an LMS into the tool.

Login and launch are cross-site POSTs by design, so they carry no CSRF token;
their protection is the signed id_token, the single-use state and nonce.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request, url_for

from lms_service.db import get_session

from .keys import public_jwks
from .launch import LaunchSettings, ToolMessageLaunch, tool_origin
from .login import ToolOIDCLogin
from .refusals import LaunchRefused

log = logging.getLogger(__name__)
bp = Blueprint("lti", __name__, url_prefix="/lti", template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """OIDC third-party initiated login: send the browser to the platform's auth endpoint."""
    oidc = ToolOIDCLogin(get_session(), current_app.config["LTI_LOGIN_STATE_MAX_AGE"])
    return oidc.redirect_to_platform(url_for("lti.launch", _external=True))


@bp.route("/launch", methods=["POST"])
def launch() -> Any:
    """Validate the id_token and hand the launch to the service's handler."""
    message = ToolMessageLaunch(get_session(), launch_settings())
    validated = message.validate_launch()
    log.info("LTI launch accepted: platform=%s deployment=%s", validated.platform_id, validated.deployment_id)
    return current_app.extensions["lti"].handle_launch(validated)


@bp.route("/jwks")
def jwks() -> Any:
    """The tool's public keys, for platforms verifying its service requests."""
    response = jsonify(public_jwks(get_session()))
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.errorhandler(LaunchRefused)
def refused(exc: LaunchRefused) -> Any:
    """A short French page and a log line without any token or secret."""
    log.warning("LTI %s refused: %s %s", request.path, exc.code, exc.detail)
    page = render_template("lti/refused.html", reason=exc.reason, code=exc.code, hint=exc.hint)
    return page, exc.reason.status


def launch_settings() -> LaunchSettings:
    config = current_app.config
    return LaunchSettings(
        session_factory=current_app.extensions["db"],
        tool_origin=tool_origin(request.host_url),
        clock_skew_seconds=config["LTI_CLOCK_SKEW_SECONDS"],
        jwks_refetch_interval=config["LTI_JWKS_REFETCH_INTERVAL"],
        http_timeout=config["LTI_HTTP_TIMEOUT_SECONDS"],
    )
