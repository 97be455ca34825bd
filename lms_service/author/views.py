"""The module list with load problems, and the page preview with expected answers.

This is the only place answers are rendered, so every route here is for authors,
tutors and administrators. Previewing records no progress: nothing here writes.
"""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..access import current_membership, refuse_without_launch
from ..content import follows_edits, get_catalogue
from ..content.links import resolve
from ..content.navigation import page_context
from . import bp

KIND_LABELS = {
    "initiation": _l("Initiation à un métier"),
    "soft-skills": _l("Savoir-être"),
    "entry-test": _l("Test de positionnement"),
    "survey": _l("Questionnaire"),
}


@bp.before_request
def authors_only() -> None:
    """401 without a launch, 403 for learners and mentors: answers must not reach them."""
    if not current_user.is_authenticated:
        refuse_without_launch()
    membership = current_membership()
    if not (membership.is_author or membership.is_tutor or membership.is_admin):
        abort(403)


@bp.route("/")
def index() -> Any:
    """Every module served, then every module folder or path file with problems."""
    catalogue = get_catalogue()
    return render_template(
        "author/index.html",
        catalogue=catalogue,
        modules=catalogue.ordered(),
        path_problems=catalogue.path_problems(),
        kinds=KIND_LABELS,
        follows_edits=follows_edits(current_app),
    )


@bp.route("/modules/<slug>/")
def module(slug: str) -> Any:
    """Open a module's first page; a module that failed to load shows its problems instead."""
    found = get_catalogue().get(slug)
    if found is None:
        return _broken_or_404(slug)
    return redirect(url_for("author.preview", slug=slug, page_id=found.pages[0].id))


@bp.route("/modules/<slug>/<page_id>")
def preview(slug: str, page_id: str) -> Any:
    """The page as a learner sees it, each question followed by its expected answer."""
    catalogue = get_catalogue()
    found = catalogue.get(slug)
    if found is None:
        return _broken_or_404(slug)
    index = found.page_index(page_id)
    if index is None:
        abort(404)
    drawn = render_template(
        "author/preview.html",
        **page_context(found, index),
        problems=catalogue.broken.get(slug, ()),
        kinds=KIND_LABELS,
    )
    return resolve(drawn, _preview_url)


def _preview_url(slug: str, page_id: str | None) -> str:
    """A module link in the preview leads to the preview of its target."""
    if page_id is None:
        return url_for("author.module", slug=slug)
    return url_for("author.preview", slug=slug, page_id=page_id)


def _broken_or_404(folder: str) -> Any:
    problems = get_catalogue().broken.get(folder)
    if problems is None:
        abort(404)
    return render_template("author/broken.html", folder=folder, problems=problems)
