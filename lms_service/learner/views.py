"""The learner's path, and the module reader with previous / next and resume."""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import current_membership, launch_required, records_activity
from ..content import Module, get_catalogue
from ..models import COMPLETED
from ..page_views import CONSULTED, record_page_left, record_page_view
from ..progress import path_statuses, resume_page_id
from . import bp
from .module_cards import module_card
from .page_screens import page_screen


@bp.route("/")
@launch_required
def path() -> Any:
    """Every module of the path with a progress bar; a module's link resumes where the learner stopped."""
    membership = current_membership()
    catalogue = get_catalogue()
    token = current_user.token
    tracked = [module for module in catalogue.ordered() if module.tracked]
    statuses = {s.module.slug: s for s in path_statuses(membership.id, tracked)}
    phases = [
        (phase, [module_card(statuses[slug], token) for slug in phase.modules if slug in statuses])
        for phase in catalogue.phases
    ]
    in_path = {slug for phase in catalogue.phases for slug in phase.modules}
    others = [module_card(s, token) for slug, s in statuses.items() if slug not in in_path]
    # « Bravo » only for a module this learner has completed, whatever the link says.
    ended = statuses.get(request.args.get("termine", ""))
    finished = ended.module if ended is not None and ended.status == COMPLETED else None
    references = [module for module in catalogue.ordered() if not module.tracked]
    return render_template(
        "learner/path.html", membership=membership, phases=phases, others=others, finished=finished,
        references=references,
    )  # fmt: skip


@bp.route("/modules/<slug>/")
@launch_required
def module(slug: str) -> Any:
    """Open a module where the learner stopped."""
    found = _module_or_404(slug)
    page_id = resume_page_id(current_membership().id, found)
    return redirect(url_for("learner.page", slug=slug, page_id=page_id))


@bp.route("/modules/<slug>/<page_id>")
@records_activity
def page(slug: str, page_id: str) -> Any:
    """Record that the page is seen, then show it (drawn once per state: page_screens)."""
    found = _module_or_404(slug)
    index = found.page_index(page_id)
    if index is None:
        abort(404)
    membership = current_membership()
    if found.tracked:
        visit = record_page_view(membership, found, page_id, current_app.config["PAGE_TIME_CAP"])
    else:  # a reference page is consulted, not followed: nothing to record
        visit = CONSULTED
    return page_screen(found, index, visit, membership, current_user.token)


@bp.route("/modules/<slug>/<page_id>/left", methods=["POST"])
@records_activity
def page_left(slug: str, page_id: str) -> Any:
    """The browser's beacon when the learner leaves a page: credit its reading time."""
    found = _module_or_404(slug)
    if found.page_index(page_id) is None:
        abort(404)
    if not found.tracked:
        return "", 204
    record_page_left(current_membership(), found, page_id, current_app.config["PAGE_TIME_CAP"])
    return "", 204


def _module_or_404(slug: str) -> Module:
    found = get_catalogue().get(slug)
    if found is None or not found.pages:
        abort(404)
    return found
