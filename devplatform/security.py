"""Response headers: a strict Content-Security-Policy that still lets the tool be framed and posted to."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response

from .platform import current_platform


def init_app(app: Flask) -> None:
    app.after_request(_set_headers)


def content_security_policy(tool_origins: Iterable[str]) -> str:
    """Scripts, styles and images from here only; the tool's origins alone may be framed or posted to."""
    tool = " ".join(tool_origins)
    return "; ".join((
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        f"form-action 'self' {tool}",
        f"frame-src 'self' {tool}",
        "frame-ancestors 'self'",
        "base-uri 'none'",
    ))


def _set_headers(response: Response) -> Response:
    # A page that frames another tool (dynamic registration) sets its own policy first.
    policy = content_security_policy(current_platform().registration.origins())
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response
