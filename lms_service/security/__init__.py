"""What protects the tool on the internet, wired once: input limits, CSRF, headers, private logs."""
from __future__ import annotations

from flask import Flask

from . import csrf, headers, input_limits, log_privacy
from .headers import send_forms_to

__all__ = ["init_app", "send_forms_to"]


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: the bounded `int` converter must be known to their routes."""
    input_limits.init_app(app)
    log_privacy.init_app(app)
    headers.init_app(app)
    csrf.init_app(app)
