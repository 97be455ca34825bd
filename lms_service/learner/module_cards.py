"""A module's card on the learner's path, rendered once per state instead of for every learner.

The path page shows every module of the programme with the learner's status;
drawing those cards (a link, a status line, a progress bar, each in the
learner's language) was most of the page's cost. Learners share few states
(not started, page n of m, completed...), so a card is rendered once per state
and language, with a stand-in for the launch token that every link must carry
(stand_ins), and the token is put in on the way out. Keyed by the module's content hash, it
is derived HTML, the same in every worker: a cache, not state.
"""
from __future__ import annotations

from flask import get_template_attribute, request
from flask_babel import get_locale
from markupsafe import Markup

from ..progress import ModuleStatus
from .stand_ins import TOKEN_STAND_IN, given_to

MAX_ENTRIES = 8192
_Key = tuple[str, str, str, str, str, int, int, tuple[str, ...]]
_cards: dict[_Key, str] = {}


def module_card(item: ModuleStatus, token: str) -> Markup:
    """The card of `item` for the learner whose launch token is `token`."""
    # The links start with the request's root (SCRIPT_NAME): a forged root only ever keys its own card.
    key = (request.script_root, item.module.slug, item.module.version, str(get_locale()), item.status,
           item.pages_seen, item.pages_total, item.new_pages)  # fmt: skip
    html = _cards.get(key)
    if html is None:
        if len(_cards) >= MAX_ENTRIES:
            _cards.clear()
        render = get_template_attribute("learner/_module_card.html", "card")
        html = _cards[key] = str(render(item, TOKEN_STAND_IN))
    return given_to(html, token)
