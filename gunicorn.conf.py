"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py -w 4 -b 127.0.0.1:8000 wsgi:app`.

Launch tokens travel in page addresses (`?lt=`), so the access log writes the
path without its query string (`%(U)s`, never `%(r)s` or `%(q)s`), and no
referrer either (it would carry the previous page's address). The error log
gets the same redaction as the dev server, for the lines gunicorn writes about
a request it could not handle. With `--preload` the app is built once in the
master; each worker then drops the database connections it inherited.
Options given on the command line win over these.
"""
from __future__ import annotations

from typing import Any

from lms_service.db import forget_inherited_connections
from lms_service.security import log_privacy

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
errorlog = "-"


def on_starting(_server: Any) -> None:
    """Filter in the master before the workers fork, so every process inherits it."""
    log_privacy.install("gunicorn.error", "gunicorn.access")


def post_fork(server: Any, worker: Any) -> None:
    """A worker never talks to the database through its parent's sockets (only --preload builds the app first)."""
    if server.cfg.preload_app:
        forget_inherited_connections(worker.app.wsgi())
