"""The app a benchmark serves: a checkout's own app, in production configuration, plus two reference routes.

gunicorn imports this with the measured checkout first on PYTHONPATH
(`tree_app:make_app()`), so the same file serves this commit or an older one.
Both routes are registered on that app and pass through every hook the
learner's pages pass through (security headers, CSRF check, commit point):

- the bare route touches no database: the floor the other routes are compared to;
- the floor of a page view does the least a recorded page view must do: read
  the launch session its token names, write one row, commit. It tells what is
  left for everything else (checks, crediting time, counting pages, the page).
"""
from __future__ import annotations

import hashlib

from flask import Flask, request
from sqlalchemy import text

from config import ProductionConfig
from lms_service import create_app
from lms_service.db import get_session, utcnow

BARE_PATH = "/bench-bare"
FLOOR_PATH = "/bench-floor"
_READ = text("SELECT membership_id FROM launch_session WHERE token_hash = :token_hash")
_WRITE = text("UPDATE membership SET last_activity_at = :now WHERE id = :id")


def make_app() -> Flask:
    """The checkout's app as production builds it (DATABASE_URL and SECRET_KEY from the environment)."""
    app = create_app(ProductionConfig())
    app.add_url_rule(BARE_PATH, "bench_bare", lambda: "ok")
    app.add_url_rule(FLOOR_PATH, "bench_floor", floor)
    return app


def floor() -> str:
    """One read and one write in the request's transaction, which the app commits."""
    conn = get_session().connection()
    token_hash = hashlib.sha256(request.args["lt"].encode()).hexdigest()
    membership_id = conn.execute(_READ, {"token_hash": token_hash}).scalar_one()
    conn.execute(_WRITE, {"now": utcnow(), "id": membership_id})
    return "ok"
