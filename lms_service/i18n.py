"""Flask-Babel: French first, English second, times shown in Europe/Paris."""
from __future__ import annotations

from flask import Flask, current_app
from flask_babel import Babel, get_locale
from flask_login import current_user


def _locale() -> str:
    """The launch's locale when we speak it, else French (the learners' language)."""
    membership = getattr(current_user, "membership", None)
    wanted = (membership.user.locale or "") if membership is not None else ""
    if wanted[:2].lower() in current_app.config["LANGUAGES"]:
        return wanted[:2].lower()
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=_locale)
    app.jinja_env.globals["get_locale"] = get_locale
