"""Serve a WSGI app on loopback in a background thread, as a real HTTP server."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server


class LateApp:
    """A WSGI app set after the server is bound: the app needs the port to know its own URL."""

    def __init__(self) -> None:
        self.app: Callable[..., Any] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert self.app is not None, "LateApp served before its app was set"
        return self.app(environ, start_response)


class ServerThread:
    """A threaded werkzeug server on 127.0.0.1 with a random port, reachable under `host`."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.late = LateApp()
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, self.late, threaded=True)
        self.url = f"http://{host}:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self, app: Callable[..., Any]) -> ServerThread:
        self.late.app = app
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self._thread.join(timeout=5)
