"""CSRF protection for the platform's own admin forms: a cookie and a form field that must agree.

The dev platform has no login, so there is no session to bind a token to. A random
per-browser cookie (HttpOnly, SameSite=Strict) and, in each form, an HMAC of it do the
job: another site can neither read the cookie nor compute the field. The tool never
sees the cookie: it lives on another host name.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Flask, Response, abort, current_app, g, request

COOKIE = "devplatform_csrf"
FIELD = "csrf_token"


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csrf_token"] = form_token
    app.after_request(_set_cookie)


def form_token() -> str:
    """The value of the hidden csrf_token field, for this browser."""
    browser = request.cookies.get(COOKIE) or g.setdefault("new_csrf_cookie", secrets.token_urlsafe(32))
    return _sign(browser)


def check() -> None:
    """Refuse (400) a form post that does not carry this browser's token."""
    browser = request.cookies.get(COOKIE)
    sent = request.form.get(FIELD, "")
    if not browser or not sent or not hmac.compare_digest(sent, _sign(browser)):
        abort(400, description="Ce formulaire n'est pas accepté : son jeton de sécurité (CSRF) manque ou "
                               "ne correspond pas. Rechargez la page d'accueil et recommencez.")


def _sign(browser: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, browser.encode(), hashlib.sha256).hexdigest()


def _set_cookie(response: Response) -> Response:
    browser = g.pop("new_csrf_cookie", None)
    if browser is not None:
        response.set_cookie(COOKIE, browser, httponly=True, samesite="Strict", secure=request.is_secure)
    return response
