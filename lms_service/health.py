"""`/healthz`: whether this process can serve, for the TLS proxy or the orchestrator.

It answers before Flask, as a thin WSGI layer, so it stays cheap and cannot be
broken by anything the app does per request: no request hooks, no session, no
content reload check, one `SELECT 1`; a database that is down gives 503.
The body names no one and the route needs no launch.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

PATH = "/healthz"
log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def database_answers(engine: Engine) -> bool:
    """Whether the database runs a `SELECT 1`; a failure is logged, never raised."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.warning("Health check: the database did not answer: %s", exc)
        return False
    return True


class HealthCheck:
    """WSGI middleware answering GET and HEAD on /healthz; anything else goes to the app."""

    def __init__(self, app: WsgiApp, engine: Callable[[], Engine]) -> None:
        self.app = app
        self.engine = engine

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        healthy = database_answers(self.engine())
        body = json.dumps({"status": "ok" if healthy else "unavailable"}).encode()
        start_response(
            "200 OK" if healthy else "503 Service Unavailable",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def init_app(app: Flask) -> None:
    """Put the check in front of the app; call after `db.init_app`, which makes the engine."""
    app.wsgi_app = HealthCheck(app.wsgi_app, lambda: app.extensions["db"].kw["bind"])  # type: ignore[method-assign]
