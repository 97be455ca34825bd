"""Launch tokens and SQL values stay out of logs."""
from __future__ import annotations

import logging

import pytest
import requests
from sqlalchemy import text

from config import ProductionConfig, TestConfig
from lms_service import create_app
from lms_service.db import get_session
from lms_service.security.log_privacy import REDACTED, redact_launch_tokens

TOKEN = "eyJtIjoxfQ.aBc-dEf_123"
EMAIL = "camille.martin.ne-pas-journaliser@example.org"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET /learner/?lt={TOKEN} HTTP/1.1", f"GET /learner/?lt={REDACTED} HTTP/1.1"),
        (f"GET /m/intro?page=2&lt={TOKEN}&x=1 HTTP/1.1", f"GET /m/intro?page=2&lt={REDACTED}&x=1 HTTP/1.1"),
        (f"\x1b[1mPOST /quiz?lt={TOKEN} HTTP/1.1\x1b[0m", f"\x1b[1mPOST /quiz?lt={REDACTED} HTTP/1.1\x1b[0m"),
        ("GET /static/app.css?v=3&alt=ok HTTP/1.1", "GET /static/app.css?v=3&alt=ok HTTP/1.1"),
    ],
)
def test_the_token_value_is_redacted_and_nothing_else(line: str, expected: str) -> None:
    assert redact_launch_tokens(line) == expected


def test_the_dev_server_request_line_loses_its_token(app, caplog) -> None:
    """A record shaped as werkzeug's WSGIRequestHandler.log_request makes it, on the "werkzeug" logger."""
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info(
            '127.0.0.1 - - [29/Nov/2026 10:00:00] "%s" %s %s', f"GET /learner/?lt={TOKEN} HTTP/1.1", "200", "-"
        )
    assert TOKEN not in caplog.text
    assert f'"GET /learner/?lt={REDACTED} HTTP/1.1" 200 -' in caplog.text


def test_a_real_dev_server_request_is_logged_without_its_token(tool_server, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        assert requests.get(f"{tool_server.url}/lti/jwks", params={"lt": TOKEN}, timeout=30).status_code == 200
    assert "/lti/jwks?lt=" in caplog.text and TOKEN not in caplog.text


def test_a_database_error_is_logged_without_its_values_in_production(app, monkeypatch, caplog) -> None:
    """The app's error handler logs the exception; the e-mail the statement carried is not in it."""
    monkeypatch.setenv("DATABASE_URL", TestConfig.DATABASE_URL)
    monkeypatch.setenv("SECRET_KEY", "test-production-secret-key")
    production = create_app(ProductionConfig())

    @production.route("/boom")
    def boom() -> str:
        get_session().execute(text("SELECT id FROM app_user WHERE email = :email AND no_such_column = 1"), {"email": EMAIL})
        return "unreachable"

    with caplog.at_level(logging.ERROR):
        assert production.test_client().get("/boom").status_code == 500
    assert "no_such_column" in caplog.text  # the error was logged, with its statement...
    assert "hidden due to hide_parameters=True" in caplog.text
    assert EMAIL not in caplog.text  # ...but not its values
