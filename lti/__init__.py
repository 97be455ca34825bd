"""LTI 1.3 integration: knows JWTs and LMSs, knows nothing of modules or learners.

The service registers a launch handler; lti/ calls it with a ValidatedLaunch
once every check has passed, and never looks at what the service does with it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Callable

from flask import Flask

from .launch import ValidatedLaunch

__all__ = ["ValidatedLaunch", "init_app"]


@dataclass
class LtiExtension:
    handle_launch: Callable[[ValidatedLaunch], Any]


def init_app(app: Flask, handle_launch: Callable[[ValidatedLaunch], Any]) -> None:
    """Register the /lti routes, the `flask lti` commands and the service's launch handler."""
    from . import cli, views

    app.extensions["lti"] = LtiExtension(handle_launch=handle_launch)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.lti_cli)
