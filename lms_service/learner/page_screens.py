"""A module page as the learner sees it, drawn once per state instead of on every page turn.

Turning a page is what learners do most. Its HTML is the same for every
learner on that page in the same state (the page's « Nouveau » badges, the end
link of a completed module and the quiz left after reading, the menu their roles open, the language), but for
the launch in the links (stand_ins). It is kept per process, keyed by all of
that and by the module's content hash, so a trainer's edit (a new version) is
never served stale and every worker draws the same thing: a cache of derived
HTML, not state. The request root is in the key: a forged root (SCRIPT_NAME
from a trusting proxy) only ever keys its own screens.
"""
from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_babel import get_locale
from markupsafe import Markup

from ..content import Module
from ..content.links import resolve
from ..content.navigation import page_context
from ..page_views import PageVisit
from ..sessions import Member
from .stand_ins import drawn_for_anyone, given_to

# Every page of every module in two languages, in each state, fits many times over.
MAX_ENTRIES = 8192
_screens: dict[tuple[Any, ...], str] = {}


def page_screen(module: Module, index: int, visit: PageVisit, membership: Member, token: str) -> Markup:
    """Page `index` of `module` for this learner, with their launch in its links."""
    # The page and the next one are the only ones whose « Nouveau » badge it shows.
    new_ids = frozenset(page.id for page in module.pages[index : index + 2] if page.id in visit.new_page_ids)
    roles = (membership.is_staff, membership.is_author, membership.is_tutor, membership.is_admin)
    key = (request.script_root, module.slug, module.version, index, str(get_locale()),
           new_ids, visit.status, roles)  # fmt: skip
    html = _screens.get(key)
    if html is None:
        if len(_screens) >= MAX_ENTRIES:
            _screens.clear()  # old versions go; the pages in use come back at their next view
        with drawn_for_anyone() as stand_ins:
            drawn = render_template(
                "learner/page.html", **page_context(module, index), **stand_ins, status=visit.status, new_ids=new_ids
            )
            html = _screens[key] = resolve(drawn, _learner_url)
    return given_to(html, token)


def _learner_url(slug: str, page_id: str | None) -> str:
    """A module link for learners: the page named, or the module (where they stopped)."""
    if page_id is None:
        return url_for("learner.module", slug=slug)
    return url_for("learner.page", slug=slug, page_id=page_id)
