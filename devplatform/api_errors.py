"""Errors as each audience reads them: JSON for the tool's API calls, French HTML for people."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

# Paths a program calls; anything else is a page a person looks at.
_API_PREFIXES = ("/api/", "/token", "/jwks", "/register", "/registration/", "/.well-known/", "/dev/")

_PAGE_MESSAGES = {
    400: "La demande est incomplète ou mal formée.",
    404: "Cette page n'existe pas.",
    405: "Cette adresse ne s'utilise pas ainsi.",
}


class ApiError(Exception):
    """An RFC 6749-style JSON error: `error` is a code, `error_description` says what to fix.

    `reason`, if given, replaces the HTTP reason phrase, where Moodle puts its error message.
    """

    def __init__(self, status: int, error: str, description: str,
                 headers: dict[str, str] | None = None, reason: str | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description
        self.headers = headers or {}
        self.reason = reason


def init_app(app: Flask) -> None:
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)


def _api_error(exc: ApiError) -> ResponseReturnValue:
    response = jsonify(error=exc.error, error_description=exc.description)
    response.status = f"{exc.status} {exc.reason}" if exc.reason else exc.status
    response.headers.update({"Cache-Control": "no-store", **exc.headers})
    return response


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    status = exc.code or 500
    if request.path.startswith(_API_PREFIXES):
        return _api_error(ApiError(status, exc.name.lower().replace(" ", "_"), exc.description or exc.name))
    message = _PAGE_MESSAGES.get(status, "Une erreur est survenue.")
    # A description set by our own views is already French; werkzeug's defaults are not.
    if exc.description and exc.description != type(exc).description:
        message = exc.description
    return render_template("error.html", status=status, message=message), status
