"""Security headers on every response, including who may frame the tool (lti.framing)."""
from __future__ import annotations

import time

from flask import Flask, Response, current_app, g

from lti.framing import content_security_policy, origin, platform_origins

from .db import get_session

_CACHE_SECONDS = 60


def _platform_origins() -> list[str]:
    """Origins of registered platforms, cached briefly: a new registration shows within a minute."""
    cache = current_app.extensions.setdefault("frame_ancestors", {"at": 0.0, "origins": []})
    if time.monotonic() - cache["at"] > _CACHE_SECONDS:
        cache.update(at=time.monotonic(), origins=platform_origins(get_session()))
    return cache["origins"]


def send_forms_to(url: str) -> None:
    """Let this response's forms post to `url`'s origin only (an answer auto-posted to the LMS)."""
    target = origin(url)
    g.csp_form_action = [target] if target else ["'none'"]


def init_app(app: Flask) -> None:
    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault(
            "Content-Security-Policy",
            content_security_policy(_platform_origins(), g.get("csp_form_action")),
        )
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if "Cache-Control" not in response.headers and response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response
