"""Security headers on every response, including who may frame the tool.

The tool lives in LMS iframes, so X-Frame-Options cannot be used; the CSP's
frame-ancestors lists the origins of the registered platforms instead.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Flask, Response, current_app
from sqlalchemy import select

from lti.models import Platform

from .db import get_session

_CACHE_SECONDS = 60


def _platform_origins() -> list[str]:
    """Origins of registered platforms, cached briefly: a new registration shows within a minute."""
    cache = current_app.extensions.setdefault("frame_ancestors", {"at": 0.0, "origins": []})
    if time.monotonic() - cache["at"] > _CACHE_SECONDS:
        urls = get_session().scalars(select(Platform.auth_login_url))
        origins = {f"{p.scheme}://{p.netloc}" for p in map(urlsplit, urls) if p.scheme and p.netloc}
        cache.update(at=time.monotonic(), origins=sorted(origins))
    return cache["origins"]


def _csp() -> str:
    ancestors = " ".join(["'self'", *_platform_origins()])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {ancestors}"
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", _csp())
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if "Cache-Control" not in response.headers and response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response
