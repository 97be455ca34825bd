"""CSRF: every form of a launched page carries a token only a page of that launch can know.

The token is an HMAC of the launch token under the app's secret, so it needs
no storage; /lti/login and /lti/launch are exempt, being cross-site POSTs by
design, protected by the signed id_token and the single-use state and nonce.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import Flask, abort, current_app, g, request

from ..sessions import TOKEN_PARAM

CSRF_FIELD = "csrf_token"


def csrf_token(token: str) -> str:
    """The form token of a launch: only a page of this launch can know it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"csrf|" + token.encode(), hashlib.sha256).hexdigest()


def check_csrf() -> None:
    """Every form of a launched page must carry the CSRF token of its launch."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.blueprint in (None, "lti"):
        return
    token = request.form.get(TOKEN_PARAM, "")
    sent = request.form.get(CSRF_FIELD, "")
    if not token or not sent or not hmac.compare_digest(sent, csrf_token(token)):
        abort(400, description="csrf")


def init_app(app: Flask) -> None:
    app.before_request(check_csrf)

    @app.context_processor
    def csrf_field() -> dict[str, Any]:
        token = g.get("launch_token")
        return {"csrf_token": csrf_token(token) if token else None}
