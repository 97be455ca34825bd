"""LTI 1.3 integration: knows JWTs and LMSs, knows nothing of modules or learners.

The service registers a launch handler; lti/ calls it with a LaunchMessage, the
typed parts of a launch, once every check has passed, and never looks at what
the service does with it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from .message import CONTEXT, INSTITUTION, SYSTEM, Course, GradeService, LaunchMessage, Link, Person, Role

__all__ = [
    "CONTEXT", "INSTITUTION", "SYSTEM", "Course", "GradeService", "LaunchMessage", "Link", "Person", "Role",
    "init_app",
]  # fmt: skip


@dataclass
class LtiExtension:
    handle_launch: Callable[[LaunchMessage], Any]


def init_app(app: Flask, handle_launch: Callable[[LaunchMessage], Any]) -> None:
    """Register the /lti routes, the `flask lti` commands and the service's launch handler."""
    from . import cli, views

    app.extensions["lti"] = LtiExtension(handle_launch=handle_launch)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.lti_cli)
