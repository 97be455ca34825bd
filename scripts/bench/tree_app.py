"""The app a benchmark serves: a checkout's own app, in production configuration, plus a bare route.

gunicorn imports this with the measured checkout first on PYTHONPATH
(`tree_app:make_app()`), so the same file serves this commit or an older one.
The bare route is registered on that app: it passes through every hook the
learner's pages pass through (security headers, CSRF check, commit point) and
touches no database, so it is the floor the other routes are compared to.
"""
from __future__ import annotations

from flask import Flask

from config import ProductionConfig
from lms_service import create_app

BARE_PATH = "/bench-bare"


def make_app() -> Flask:
    """The checkout's app as production builds it (DATABASE_URL and SECRET_KEY from the environment)."""
    app = create_app(ProductionConfig())
    app.add_url_rule(BARE_PATH, "bench_bare", lambda: "ok")
    return app
