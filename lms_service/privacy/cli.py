"""`flask data ...`: (being written for issue 14)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the commands."""
