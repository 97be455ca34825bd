"""Deep linking (LTI Deep Linking 2.0), the platform side: a teacher adds activities from the tool.

"Ajouter une activité depuis l'outil" launches an LtiDeepLinkingRequest in the LMS chrome; the
tool posts its signed answer (form field `JWT`) to the deep_link_return_url, checked as strictly
as Moodle's contentitem_return.php; each item accepted becomes an activity of the course.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from .activities import create_activities
from .deep_linking_response import DeepLinkingResponse, ResponseRefused, read_response
from .pages import enrolled, launch_page, launch_target, login_form
from .platform import Platform, current_platform
from .roster import Context, User, is_staff

bp = Blueprint("deep_linking", __name__)

ADD_ACTIVITY = "Ajouter une activité depuis l'outil"
STAFF_ONLY = ("Seuls les formateur·rice·s, concepteur·rice·s de contenus et administrateur·rice·s "
              "du cours peuvent y ajouter une activité.")
REFUSED = "La réponse de l'outil (Deep Linking) est refusée : "


@bp.get("/courses/<context_id>/add-activity/<user_id>")
def launch(context_id: str, user_id: str) -> ResponseReturnValue:
    """The LMS page around the tool while the teacher chooses; 403 for a learner."""
    platform = current_platform()
    context, user = _staff(platform, context_id, user_id)
    return launch_page(context, user, ADD_ACTIVITY, "deep_linking.start")


@bp.get("/courses/<context_id>/add-activity/<user_id>/start")
def start(context_id: str, user_id: str) -> str:
    """The OIDC third-party initiated login of the deep linking request, posted to the tool by the browser."""
    platform = current_platform()
    _staff(platform, context_id, user_id)
    return login_form(lambda: platform.deep_linking_initiation(user_id, context_id, document_target=launch_target()))


@bp.post("/courses/<context_id>/deep-linking/return")
def deep_linking_return(context_id: str) -> str:
    """The deep_link_return_url: accept the tool's choice and create the activities, or say why not (400).

    No CSRF cookie here: the tool posts from its own site. The signed, single-use `data` the
    response must echo binds it to a request made in this course.
    """
    platform = current_platform()
    context = _context(platform, context_id)
    token = request.form.get("JWT", "")
    if not token:
        abort(400, description=REFUSED + "le champ de formulaire JWT manque.")
    try:
        response = read_response(token, platform, context_id)
        created = create_activities(platform, context_id, response)
    except ResponseRefused as refusal:
        abort(400, description=f"{REFUSED}{refusal}")
    _log(response)
    return render_template("deep_linking_return.html", context=context, created=created,
                           messages=response.messages, **_activity_list(platform, context, "_top"))


@bp.get("/courses/<context_id>/activities")
def activities(context_id: str) -> str:
    """The course's activities, each launchable as any of the course's personas."""
    platform = current_platform()
    context = _context(platform, context_id)
    return render_template("activities.html", context=context, **_activity_list(platform, context, "_self"))


def _staff(platform: Platform, context_id: str, user_id: str) -> tuple[Context, User]:
    context, user = enrolled(platform, context_id, user_id)
    membership = platform.membership(user_id, context_id)
    if membership is None or not is_staff(membership.roles):
        abort(403, description=STAFF_ONLY)
    return context, user


def _context(platform: Platform, context_id: str) -> Context:
    return platform.contexts.get(context_id) or abort(404, description="Ce cours n'existe pas.")


def _activity_list(platform: Platform, context: Context, link_target: str) -> dict[str, Any]:
    """What _activity_list.html needs besides the links: the course's personas and line items."""
    return {
        "personas": [p for p in platform.personas if p.context_id == context.id],
        "users": platform.users,
        "line_items": {i.resource_link_id: i for i in platform.gradebook.find(context.id) if i.resource_link_id},
        "link_target": link_target,
    }


def _log(response: DeepLinkingResponse) -> None:
    for name in ("log", "errorlog"):
        if name in response.messages:
            current_app.logger.info("Deep linking response %s: %s", name, response.messages[name])
