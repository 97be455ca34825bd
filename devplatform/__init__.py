"""A small but real LTI 1.3 platform (a strict, Moodle-like LMS) for the demo and the tests.

It is a separate Flask app on its own port and host name, never part of the
production tool, so that, as with a real LMS, the two never share cookies.
"""

from __future__ import annotations

from flask import Flask

from .keys import PlatformKey
from .platform import Platform
from .seed import seed
from .settings import PlatformSettings, ToolRegistration

__all__ = ["PlatformKey", "PlatformSettings", "ToolRegistration", "Platform", "create_app", "seeded_platform"]


def seeded_platform(settings: PlatformSettings, key: PlatformKey) -> Platform:
    """A fresh platform with its demo courses and people: what a restart of the demo gives."""
    platform = Platform(settings, key)
    seed(platform)
    return platform


def create_app(settings: PlatformSettings) -> Flask:
    from . import (
        api_errors,
        auth,
        csrf,
        deep_linking,
        dev_controls,
        dynamic_registration,
        gradebook_page,
        lineitems,
        nrps,
        oauth,
        pages,
        scores,
        security,
        tool_admin,
    )

    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, TESTING=settings.testing)
    app.extensions["devplatform"] = seeded_platform(settings, PlatformKey.load_or_create(settings.key_path))
    for blueprint in (pages.bp, gradebook_page.bp, auth.bp, oauth.bp, lineitems.bp, scores.bp, nrps.bp,
                      dynamic_registration.bp, tool_admin.bp, deep_linking.bp, dev_controls.bp):
        app.register_blueprint(blueprint)
    api_errors.init_app(app)
    security.init_app(app)
    csrf.init_app(app)
    return app
