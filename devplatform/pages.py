"""The pages a person sees: courses and personas, the launch frame (the gradebook is gradebook_page.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .platform import Platform, current_platform
from .registry import RegistrationStatus, ToolPending
from .roster import Context, Persona, ResourceLink, User, is_staff, short_role

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
    personas = platform.personas
    return render_template("home.html", contexts=platform.contexts.values(), personas=personas,
                           users=platform.users, platform=platform, status=platform.registration_status,
                           staff=staff_personas(platform, personas),
                           registration_url=platform.settings.tool_url + "/lti/register")


@bp.get("/courses/<context_id>/launch/<user_id>")
def launch(context_id: str, user_id: str) -> ResponseReturnValue:
    """The LMS page around the tool (`?link=` names an activity other than the first); while the tool
    awaits activation, it says so instead (403)."""
    platform = current_platform()
    context, user = enrolled(platform, context_id, user_id)
    link_id = request.args.get("link")
    link = _link(context, link_id)
    return launch_page(context, user, link.title, "pages.start", link=link_id)


@bp.get("/courses/<context_id>/launch/<user_id>/start")
def start(context_id: str, user_id: str) -> str:
    """The OIDC third-party initiated login, posted to the tool by the browser."""
    platform = current_platform()
    context, _ = enrolled(platform, context_id, user_id)
    link = _link(context, request.args.get("link"))
    return login_form(lambda: platform.login_initiation(user_id, context_id, link.id, document_target=launch_target()))


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


def launch_page(context: Context, user: User, title: str, start: str, **query: str | None) -> ResponseReturnValue:
    """The LMS chrome around the tool's frame, whose login page is the endpoint `start`."""
    pending = current_platform().registration_status is RegistrationStatus.PENDING
    frame, window = (url_for(start, context_id=context.id, user_id=user.id, target=target, **query)
                     for target in ("iframe", "window"))
    page = render_template("launch.html", context=context, user=user, title=title, pending=pending,
                           frame_url=frame, window_url=window)
    return page, 403 if pending else 200


def login_form(initiation: Callable[[], tuple[str, dict[str, str]]]) -> str:
    """The page that posts a login initiation to the tool; 403 while the tool awaits activation."""
    try:
        login_url, fields = initiation()
    except ToolPending:
        abort(403, description=AWAITING_ACTIVATION)
    return render_template("autosubmit.html", action=login_url, fields=fields,
                           title="Lancement de l'outil", button="Lancer l'outil")


def launch_target() -> str:
    """Where the tool will show: the `target` query parameter, "iframe" or "window"; 400 otherwise."""
    target = request.args.get("target", "iframe")
    if target not in ("iframe", "window"):
        abort(400, description="La cible du lancement doit être « iframe » ou « window ».")
    return target


def staff_personas(platform: Platform, personas: Iterable[Persona]) -> set[tuple[str, str]]:
    """(course, user) of the personas who may add activities to their course."""
    return {(p.context_id, p.user_id) for p in personas
            if (member := platform.membership(p.user_id, p.context_id)) is not None and is_staff(member.roles)}


def _link(context: Context, link_id: str | None) -> ResourceLink:
    try:
        return context.link(link_id)
    except KeyError:
        abort(404, description="Cette activité n'existe pas dans ce cours.")


def enrolled(platform: Platform, context_id: str, user_id: str) -> tuple[Context, User]:
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
        return UTC


_PARIS = _paris()
