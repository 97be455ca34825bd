"""Keep launch tokens out of request logs.

A launch token travels in page addresses (`?lt=`, see lms_service.sessions) and opens
a learner's or a tutor's session until it expires: a log line that holds one is
a key left lying around. The dev server (werkzeug) writes every request line;
gunicorn's error log may quote one (gunicorn.conf.py installs the same filter).
"""
from __future__ import annotations

import logging
import re

from flask import Flask

from ..sessions import TOKEN_PARAM

REDACTED = "[redacted]"
# The parameter's value, as far as the next parameter, fragment, space or quote.
_TOKEN_VALUE = re.compile(rf"(?<=[?&;]{re.escape(TOKEN_PARAM)}=)[^&#\s\"']+")


def redact_launch_tokens(text: str) -> str:
    """Replace the value of every `lt` query parameter in `text`."""
    return _TOKEN_VALUE.sub(REDACTED, text)


class LaunchTokenFilter(logging.Filter):
    """Rewrite a record's message without launch tokens; never drops the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_launch_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install(*logger_names: str) -> None:
    """Add the filter to these loggers once, however many apps are built."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, LaunchTokenFilter) for f in logger.filters):
            logger.addFilter(LaunchTokenFilter())


def init_app(_app: Flask) -> None:
    """The dev server (`flask run`, `make run`) logs each request line on the "werkzeug" logger."""
    install("werkzeug")
