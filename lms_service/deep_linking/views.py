"""The content selection page a deep linking launch opens, and the signed answer to the LMS."""
from __future__ import annotations

from typing import Any

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lti import deep_linking

from ..access import current_membership, launch_required
from ..content import get_catalogue
from ..db import get_session
from ..security import send_forms_to
from . import bp
from .items import WHOLE_PATH, BadChoice, content_items


@bp.route("/", methods=["GET", "POST"])
@launch_required
def choose() -> Any:
    """Offer the path and its modules; on submit, send the chosen links back to the LMS."""
    membership = current_membership()
    if not current_user.launch_id:
        abort(404)
    if not (membership.is_staff or membership.is_author):
        abort(403)
    try:
        selection = deep_linking.load_request(get_session(), current_user.launch_id)
    except deep_linking.SelectionExpired:
        return _expired()
    error = None
    if request.method == "POST":
        cancelled = "cancel" in request.form
        choice = [] if cancelled else request.form.getlist("choice")
        error = _problem_with(choice, selection.accepts_multiple, cancelled)
        if error is None:
            return _answer(selection, choice)
    catalogue = get_catalogue()
    page = render_template(
        "deep_linking/choose.html",
        phases=catalogue.phases,
        catalogue=catalogue,
        whole_path=WHOLE_PATH,
        multiple=selection.accepts_multiple,
        settings=selection.settings,
        error=error,
    )
    return page, 400 if error else 200


def _problem_with(choice: list[str], multiple: bool, cancelled: bool) -> str | None:
    if cancelled:
        return None
    if not choice:
        return _("Choisissez au moins un module, ou annulez.")
    if not multiple and len(choice) > 1:
        return _("La plateforme n'accepte qu'un seul choix à la fois.")
    return None


def _answer(selection: deep_linking.SelectionRequest, choice: list[str]) -> Any:
    try:
        items = content_items(choice, get_catalogue(), url_for("lti.launch", _external=True))
        signed = deep_linking.answer(get_session(), selection, items)
    except BadChoice:
        abort(400)
    except deep_linking.SelectionExpired:
        return _expired()
    send_forms_to(signed.return_url)
    return render_template("deep_linking/return.html", answer=signed, count=len(items))


def _expired() -> Any:
    message = _("Cette demande de la plateforme a expiré : recommencez depuis le cours.")
    return render_template("error.html", status=400, message=message), 400
