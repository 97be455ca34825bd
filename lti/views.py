"""/lti/login, /lti/launch and /lti/jwks: the only doors from an LMS into the tool.

Login and launch are cross-site POSTs by design, so they carry no CSRF token;
their protection is the signed id_token, the single-use state and nonce.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _

from lms_service.db import get_session

from . import registration
from .keys import public_jwks
from .framing import content_security_policy, origin
from .launch import LaunchSettings, ToolMessageLaunch
from .login import ToolOIDCLogin
from .refusals import LaunchRefused
from .safe_http import FetchFailed, FetchPolicy, UnsafeUrl, hosts

log = logging.getLogger(__name__)
bp = Blueprint("lti", __name__, url_prefix="/lti", template_folder="templates", static_folder="static")


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


@bp.route("/register")
def register() -> Any:
    """LTI Dynamic Registration: the platform opens this page with its configuration and a token."""
    config_url = request.args.get("openid_configuration", "").strip()
    if not config_url:
        return _registration_failed(_("Cette page s'ouvre depuis la plateforme de formation, pendant l'ajout de l'outil."), 400)
    try:
        registered = registration.register(
            get_session(), config_url, request.args.get("registration_token"), request.host_url, fetch_policy()
        )
    except UnsafeUrl as exc:
        log.warning("LTI registration refused: %s", exc)
        return _registration_failed(_("Cette adresse de plateforme n'est pas acceptée : %(why)s", why=str(exc)), 400)
    except FetchFailed as exc:
        log.warning("LTI registration failed: %s", exc)
        return _registration_failed(_("La plateforme n'a pas répondu comme prévu : %(why)s", why=str(exc)), 502)
    except registration.RegistrationRefused as exc:
        log.warning("LTI registration refused: %s", exc)
        return _registration_failed(_("La plateforme a envoyé une configuration inutilisable : %(why)s", why=str(exc)), 400)
    log.info("LTI platform registered: %s (client id %s)", registered.platform.issuer, registered.platform.client_id)
    response = make_response(render_template("lti/registered.html", registered=registered))
    response.headers["Content-Security-Policy"] = _framed_by(config_url)
    return response


def _registration_failed(message: str, status: int) -> Any:
    response = make_response(render_template("lti/registration_failed.html", message=message), status)
    response.headers["Content-Security-Policy"] = _framed_by(request.args.get("openid_configuration", ""))
    return response


def _framed_by(url: str) -> str:
    """The registration page is shown inside the platform before the platform is registered."""
    platform = origin(url)
    return content_security_policy([platform] if platform else [])


def fetch_policy() -> FetchPolicy:
    config = current_app.config
    return FetchPolicy(
        allow_http_loopback=config["LTI_ALLOW_HTTP_LOOPBACK"],
        allowed_hosts=hosts(config["LTI_REGISTRATION_ALLOWED_HOSTS"]),
        timeout=config["LTI_HTTP_TIMEOUT_SECONDS"],
        max_bytes=config["LTI_REGISTRATION_MAX_BYTES"],
    )


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
        tool_origin=origin(request.host_url) or "",
        clock_skew_seconds=config["LTI_CLOCK_SKEW_SECONDS"],
        jwks_refetch_interval=config["LTI_JWKS_REFETCH_INTERVAL"],
        http_timeout=config["LTI_HTTP_TIMEOUT_SECONDS"],
    )
