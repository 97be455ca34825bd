"""Response headers: a strict Content-Security-Policy that still lets the tool be framed and posted to."""

from __future__ import annotations

from flask import Flask, Response

from .platform import current_platform


def init_app(app: Flask) -> None:
    app.after_request(_set_headers)


def _set_headers(response: Response) -> Response:
    # Only the tool's origins, read from the live registration, may be framed or posted to.
    tool = " ".join(current_platform().registration.origins())
    response.headers.setdefault("Content-Security-Policy", "; ".join((
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        f"form-action 'self' {tool}",
        f"frame-src 'self' {tool}",
        "frame-ancestors 'self'",
        "base-uri 'none'",
    )))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response
