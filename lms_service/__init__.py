"""The learning service: an LTI 1.3 tool that delivers the nursery's modules and follows learners."""
from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config


def create_app(config: Any = Config) -> Flask:
    """Build the app from a config class or instance (Config, TestConfig, ProductionConfig())."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config() if isinstance(config, type) else config)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]

    import lti

    from . import cli, content, db, errors, health, i18n, lms_cli, module_store, security, sessions
    from .assessments import bp as assessments_bp
    from .author import bp as author_bp
    from .deep_linking import bp as deep_linking_bp
    from .grades import cli as grades_cli
    from .launch_records import handle_launch
    from .learner import bp as learner_bp
    from .privacy import cli as privacy_cli
    from .risk import cli as followup_cli
    from .roster import cli as roster_cli
    from .tutor import bp as tutor_bp

    security.init_app(app)
    db.init_app(app)
    health.init_app(app)
    i18n.init_app(app)
    sessions.init_app(app)
    content.init_app(app, store=module_store.for_app(app))
    lti.init_app(app, handle_launch=handle_launch)
    errors.init_app(app)
    cli.init_app(app)
    lms_cli.init_app(app)
    grades_cli.init_app(app)
    roster_cli.init_app(app)
    followup_cli.init_app(app)
    privacy_cli.init_app(app)
    app.register_blueprint(learner_bp)
    app.register_blueprint(tutor_bp)
    app.register_blueprint(author_bp)
    app.register_blueprint(deep_linking_bp)
    app.register_blueprint(assessments_bp)
    return app
