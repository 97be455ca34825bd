"""The pages a person sees: courses and personas, the launch frame, the gradebook."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .platform import Platform, current_platform
from .registry import RegistrationStatus, ToolPending
from .roster import Context, User, short_role

bp = Blueprint("pages", __name__)

ROLE_NAMES = {
    "Learner": "apprenant·e",
    "Instructor": "formateur·rice / référent·e",
    "ContentDeveloper": "concepteur·rice de contenus",
    "Mentor": "mentor",
    "Administrator": "administrateur·rice",
}

STATUS_NAMES = {
    RegistrationStatus.MANUAL: "inscrit à la main",
    RegistrationStatus.PENDING: "en attente d'activation",
    RegistrationStatus.ACTIVE: "actif (inscription dynamique)",
}
AWAITING_ACTIVATION = ("L'outil s'est inscrit mais attend qu'un administrateur l'active : "
                       "il ne peut pas encore être lancé.")


@bp.get("/")
def home() -> str:
    platform = current_platform()
    return render_template("home.html", contexts=platform.contexts.values(), personas=platform.personas,
                           users=platform.users, platform=platform, status=platform.registration_status,
                           registration_url=platform.settings.tool_url + "/lti/register")


@bp.get("/courses/<context_id>/launch/<user_id>")
def launch(context_id: str, user_id: str) -> ResponseReturnValue:
    """The LMS page around the tool; while the tool awaits activation, it says so instead (403)."""
    platform = current_platform()
    context, user = _enrolled(platform, context_id, user_id)
    pending = platform.registration_status is RegistrationStatus.PENDING
    page = render_template(
        "launch.html", context=context, user=user, link=context.links[0], pending=pending,
        frame_url=url_for(".start", context_id=context_id, user_id=user_id, target="iframe"),
        window_url=url_for(".start", context_id=context_id, user_id=user_id, target="window"),
    )
    return page, 403 if pending else 200


@bp.get("/courses/<context_id>/launch/<user_id>/start")
def start(context_id: str, user_id: str) -> str:
    """The OIDC third-party initiated login, posted to the tool by the browser."""
    platform = current_platform()
    _enrolled(platform, context_id, user_id)
    target = request.args.get("target", "iframe")
    if target not in ("iframe", "window"):
        abort(400, description="La cible du lancement doit être « iframe » ou « window ».")
    try:
        login_url, fields = platform.login_initiation(user_id, context_id, document_target=target)
    except ToolPending:
        abort(403, description=AWAITING_ACTIVATION)
    return render_template("autosubmit.html", action=login_url, fields=fields,
                           title="Lancement de l'outil", button="Lancer l'outil")


@bp.get("/courses/<context_id>/gradebook")
def gradebook(context_id: str) -> str:
    platform = current_platform()
    context = platform.contexts.get(context_id) or abort(404, description="Ce cours n'existe pas.")
    return render_template(
        "gradebook.html", context=context, users=platform.users,
        line_items=platform.gradebook.find(context_id),
        scores=[s for s in platform.scores if s.context_id == context_id],
        members=platform.members(context_id),
    )


@bp.get("/courses/<context_id>/return")
def tool_return(context_id: str) -> str:
    """Where the tool sends the user back (launch_presentation.return_url)."""
    context = current_platform().contexts.get(context_id) or abort(404, description="Ce cours n'existe pas.")
    return render_template("return.html", context=context, message=request.args.get("lti_msg"),
                           error=request.args.get("lti_errormsg"))


@bp.app_template_filter("status_name")
def status_name(status: RegistrationStatus) -> str:
    return STATUS_NAMES[status]


@bp.app_template_filter("role_names")
def role_names(roles: tuple[str, ...]) -> str:
    return ", ".join(ROLE_NAMES.get(short_role(r), short_role(r)) for r in roles)


def _enrolled(platform: Platform, context_id: str, user_id: str) -> tuple[Context, User]:
    context = platform.contexts.get(context_id)
    user = platform.users.get(user_id)
    if context is None or user is None or platform.membership(user_id, context_id) is None:
        abort(404, description="Cette personne n'est pas inscrite à ce cours.")
    return context, user


@bp.app_template_filter("paris_time")
def paris_time(moment: datetime) -> str:
    return moment.astimezone(_PARIS).strftime("%d/%m/%Y %H:%M:%S")


def _paris() -> tzinfo:
    # Slim containers may lack tzdata; UTC beats a crash on a demo page.
    try:
        return ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError:
        return timezone.utc


_PARIS = _paris()
