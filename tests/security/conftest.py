"""Fixtures of the hostile-input tests."""
from __future__ import annotations

import pytest
from flask import Flask

from .helpers import ToolClient


@pytest.fixture
def client(app: Flask, tool_server) -> ToolClient:
    """Flask's test client (fast) at the tool server's address, so launch tokens and origins match."""
    client = ToolClient(app, app.response_class, use_cookies=True)
    client.base_url = tool_server.url
    return client
