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

from . import registration, trust
from .framing import content_security_policy, origin
from .keys import public_jwks
from .login import ToolOIDCLogin
from .refusals import LaunchRefused
from .settings import http_session, login_states, outbound_policy
from .transport import FetchFailed, UnsafeUrl
from .validation import LaunchSettings, ToolMessageLaunch

log = logging.getLogger(__name__)
bp = Blueprint("lti", __name__, url_prefix="/lti", template_folder="templates", static_folder="static")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """OIDC third-party initiated login: send the browser to the platform's auth endpoint."""
    oidc = ToolOIDCLogin(get_session(), login_states())
    return oidc.redirect_to_platform(url_for("lti.launch", _external=True))


@bp.route("/launch", methods=["POST"])
def launch() -> Any:
    """Validate the id_token and hand the launch to the service's handler."""
    message = ToolMessageLaunch(get_session(), launch_settings())
    validated = message.validate_launch()
    log.info("LTI launch accepted: registration=%s deployment=%s", validated.registration_id, validated.deployment_id)
    return current_app.extensions["lti"].handle_launch(validated)


@bp.route("/jwks")
def jwks() -> Any:
    """The tool's public keys, for platforms verifying its service requests."""
    response = jsonify(public_jwks(get_session()))
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.route("/register")
@bp.route("/register/<link_secret>")
def register(link_secret: str | None = None) -> Any:
    """LTI Dynamic Registration: the platform opens this page with its configuration and a token.

    A one-time link printed by `flask lti registration-link` carries its secret in the
    path, so the query string stays the platform's own.
    """
    config_url = request.args.get("openid_configuration", "").strip()
    if not config_url:
        return _failure_page(_("Cette page s'ouvre depuis la plateforme de formation, pendant l'ajout de l'outil."), 400)
    wanted = registration.RegistrationRequest(config_url, request.args.get("registration_token"), link_secret)
    try:
        registered = registration.register(get_session(), wanted, request.host_url, http_session(), registration_gate())
    except UnsafeUrl as exc:
        return _registration_refused(exc, _("Cette adresse de plateforme n'est pas acceptée : %(why)s", why=str(exc)), 400)
    except registration.RegistrationClosed as exc:
        return _registration_refused(exc, _("L'enregistrement n'est pas ouvert à cette plateforme : %(why)s.", why=str(exc)), 403)
    except FetchFailed as exc:
        return _registration_refused(exc, _("La plateforme n'a pas répondu comme prévu : %(why)s", why=str(exc)), 502)
    except registration.RegistrationRefused as exc:
        return _registration_refused(exc, _("La plateforme a envoyé une configuration inutilisable : %(why)s", why=str(exc)), 400)
    except trust.AnchorChanged as exc:
        return _anchor_changed(exc)
    log.info(
        "LTI platform registered: %s (client id %s, %s)",
        registered.platform.issuer, registered.platform.client_id, registered.platform.status,
    )
    page = render_template(
        "lti/registered.html", registered=registered, approval=trust.approval_command(registered.platform)
    )
    return _framed_by_registering_platform(make_response(page))


def _registration_refused(exc: Exception, message: str, status: int) -> Any:
    log.warning("LTI registration refused (%s): %s", status, exc)
    return _failure_page(message, status)


def _anchor_changed(exc: trust.AnchorChanged) -> Any:
    """A registration that would move a trusted LMS's keys or endpoints: refused, with the deliberate way."""
    log.warning("LTI registration refused (409): %s", exc)
    message = _(
        "Cette plateforme est déjà enregistrée avec d'autres adresses (%(fields)s). Par sécurité, un "
        "enregistrement ne les change jamais.",
        fields=", ".join(exc.fields),
    )
    return _failure_page(message, 409, command=trust.update_command(exc.platform))


def _failure_page(message: str, status: int, command: str | None = None) -> Any:
    page = render_template("lti/registration_failed.html", message=message, command=command)
    return _framed_by_registering_platform(make_response(page, status))


def _framed_by_registering_platform(response: Any) -> Any:
    """The registration page is shown inside the platform before the platform is registered."""
    platform = origin(request.args.get("openid_configuration", ""))
    response.headers["Content-Security-Policy"] = content_security_policy([platform] if platform else [])
    return response


def registration_gate() -> registration.Gate:
    config = current_app.config
    return registration.Gate(
        open=bool(config["LTI_REGISTRATION_OPEN"]), allowed_hosts=hosts(config["LTI_REGISTRATION_ALLOWED_HOSTS"])
    )


def hosts(values: Any) -> tuple[str, ...]:
    """Normalise an allow-list read from settings."""
    return tuple(str(v).strip().lower() for v in values if str(v).strip())


@bp.errorhandler(LaunchRefused)
def refused(exc: LaunchRefused) -> Any:
    """A short French page and a log line without any token or secret.

    Once the platform is known, its own origin may frame the page, so the person
    reads why inside the LMS; before that, only the tool itself may.
    """
    log.warning("LTI %s refused: %s %s", request.path, exc.code, exc.detail)
    page = render_template("lti/refused.html", reason=exc.reason, code=exc.code, hint=exc.hint)
    response = make_response(page, exc.reason.status)
    response.headers["Content-Security-Policy"] = content_security_policy([exc.frame_origin] if exc.frame_origin else [])
    return response


def launch_settings() -> LaunchSettings:
    config = current_app.config
    return LaunchSettings(
        session_factory=current_app.extensions["db"],
        tool_origin=origin(request.host_url) or "",
        clock_skew_seconds=config["LTI_CLOCK_SKEW_SECONDS"],
        jwks_refetch_interval=config["LTI_JWKS_REFETCH_INTERVAL"],
        outbound=outbound_policy(config),
        login_states=login_states(),
    )
