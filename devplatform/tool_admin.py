"""The administrator's side of dynamic registration: start it, host the tool's page, activate the tool.

As Moodle does, the platform frames the tool's registration URL with `openid_configuration`
and `registration_token` in its query, waits for the tool's `org.imsglobal.lti.close`
message, then shows what was registered. The tool stays pending until "Activer l'outil".
Only the configured tool's origin (or, in tests, loopback) may be framed: the form must
not turn the platform into a way to frame, or hand a token to, any site at all.
"""

from __future__ import annotations

from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Response, abort, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from . import csrf
from .platform import current_platform
from .registry import NothingToActivate
from .security import content_security_policy
from .settings import PlatformSettings

bp = Blueprint("tool_admin", __name__, url_prefix="/admin/tool")

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


@bp.get("")
def status() -> str:
    platform = current_platform()
    return render_template("tool_admin.html", platform=platform, registration=platform.registration,
                           status=platform.registration_status)


@bp.post("/register")
def start() -> Response:
    csrf.check()
    platform = current_platform()
    url = _allowed_registration_url(request.form.get("registration_url", "").strip(), platform.settings)
    config_url, token = platform.start_registration()
    origin = _origin(urlsplit(url))
    response = make_response(render_template(
        "tool_register.html", tool_origin=origin,
        frame_url=_with_query(url, {"openid_configuration": config_url, "registration_token": token}),
    ))
    response.headers["Content-Security-Policy"] = content_security_policy((origin,))
    response.headers["Cache-Control"] = "no-store"  # the page holds a live registration token
    return response


@bp.post("/activate")
def activate() -> ResponseReturnValue:
    csrf.check()
    try:
        current_platform().activate_registration()
    except NothingToActivate:
        abort(409, description="Aucun outil n'attend d'activation.")
    return redirect(url_for(".status"), 303)


@bp.post("/services")
def services() -> ResponseReturnValue:
    """Moodle's "IMS LTI Assignment and Grade Services" setting: grade sync only, or with column management."""
    csrf.check()
    mode = request.form.get("grade_sync")
    if mode not in ("sync-only", "full"):
        abort(400, description="Choisissez « synchronisation des notes seule » ou « avec gestion des colonnes ».")
    current_platform().update_registration(grade_sync_only=mode == "sync-only")
    return redirect(url_for(".status"), 303)


def _allowed_registration_url(url: str, settings: PlatformSettings) -> str:
    """url if it is on the configured tool's origin, or on loopback in tests; a 400 page otherwise."""
    parts = urlsplit(url)
    try:
        well_formed = parts.scheme in _DEFAULT_PORTS and bool(parts.hostname) and "@" not in parts.netloc
        well_formed = well_formed and not parts.fragment and parts.port != 0
    except ValueError:  # a port that is not a number
        well_formed = False
    if not well_formed:
        abort(400, description="L'adresse d'inscription de l'outil doit être une adresse http(s) complète, "
                               "par exemple " + settings.tool_url + "/lti/register.")
    on_tool = _origin(parts) == _origin(urlsplit(settings.tool_url))
    if not on_tool and not (settings.testing and parts.hostname in LOOPBACK_HOSTS):
        abort(400, description="Cette plateforme n'inscrit que l'outil configuré, à l'adresse "
                               + settings.tool_url + " : l'adresse donnée est ailleurs.")
    return url


def _origin(parts: SplitResult) -> str:
    """scheme://host[:port] as a browser writes an origin (no default port), to match postMessage's."""
    netloc = parts.netloc.lower()
    if parts.port == _DEFAULT_PORTS.get(parts.scheme):
        netloc = netloc.rsplit(":", 1)[0]
    return f"{parts.scheme}://{netloc}"


def _with_query(url: str, params: dict[str, str]) -> str:
    """url with params in its query, replacing any of the same name it already had."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    return urlunsplit(parts._replace(query=urlencode([*kept, *params.items()])))
