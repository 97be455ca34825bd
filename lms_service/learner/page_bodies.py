"""A module page's body, rendered once per module version and language instead of on every page turn.

The body (position, title, text and questions in their read-only view) is the
same for every learner but for the « Nouveau » badge; the HTML of its text is
already rendered at load time, yet laying it out with its questions is most of
a page view's template work. It is kept per process, keyed by what it is made
of (the module's content hash, the page, the language, the badge), so a
trainer's edit (a new version) is never served stale and every worker
renders the same thing: a cache of derived HTML, not state.
"""
from __future__ import annotations

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup

from ..content import Module

# Every page of every module in two languages, with and without the badge, fits many times over.
MAX_ENTRIES = 4096
_bodies: dict[tuple[str, str, int, str, bool], Markup] = {}


def page_body(module: Module, index: int, is_new: bool) -> Markup:
    """Page `index` of `module`'s body, as the learner's page shows it."""
    key = (module.slug, module.version, index, str(get_locale()), is_new)
    found = _bodies.get(key)
    if found is None:
        if len(_bodies) >= MAX_ENTRIES:
            _bodies.clear()  # old versions go; the pages in use come back at their next view
        page = module.pages[index]
        render = get_template_attribute("learner/_page.html", "page_body")
        found = _bodies[key] = Markup(render(module, page, index + 1, (page.id,) if is_new else ()))
    return found
