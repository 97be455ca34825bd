"""Security headers on every response, including who may frame the tool (lti.framing).

A launched page may be framed by the tool itself and by its own LMS's web
origin, which the launch session keeps (`g.frame_origin`, set when the request's
launch token is read); any other page, by the tool alone.
"""
from __future__ import annotations

from flask import Flask, Response, g

from lti.framing import content_security_policy, origin


def send_forms_to(url: str) -> None:
    """Let this response's forms post to `url`'s origin only (an answer auto-posted to the LMS)."""
    target = origin(url)
    g.csp_form_action = [target] if target else ["'none'"]


def init_app(app: Flask) -> None:
    @app.after_request
    def headers(response: Response) -> Response:
        framing = g.get("frame_origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            content_security_policy([framing] if framing else [], g.get("csp_form_action")),
        )
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if "Cache-Control" not in response.headers and response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response
