"""Flask-Babel: French first, English second, times shown in Europe/Paris."""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from flask_babel import Babel, get_locale, get_translations
from flask_login import current_user


def _locale() -> str:
    """The launch's locale when we speak it, else French (the learners' language)."""
    membership = getattr(current_user, "membership", None)
    wanted = (membership.locale or "") if membership is not None else ""
    if wanted[:2].lower() in current_app.config["LANGUAGES"]:
        return wanted[:2].lower()
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _translations() -> Any:
    """The request's catalogue, looked up once: a page calls `_()` dozens of times."""
    found = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    # Flask-Babel's own template callables look the catalogue up again on every string.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
