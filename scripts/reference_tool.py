"""A minimal LTI 1.3 tool built like pylti1p3's own Flask example: what a launch is measured against.

Like the example (pylti1.3-flask-example, game/app.py), it takes pylti1p3's pieces
as they come: a ToolConfJsonFile naming its one platform, FlaskOIDCLogin at the
login, FlaskMessageLaunch at the launch with FlaskCacheDataStorage over an
in-memory cache (the example's flask-caching "simple" cache), and one HTML page
rendered by the launch itself. It writes no database row and keeps everything in
process memory; its nonce is checked but never used up (pylti1p3 never does).

As the example is built, it reads its configuration file at every request and,
its key set being null there, fetches the platform's key set at every launch.
The lean variant (`lean=True`) does neither: configuration read once, key set
cached (pylti1p3's set_public_key_caching), so a launch makes no network call, as
this project's tool does. Neither shows the example's cookie check page, a script
run by the browser before the login goes on.
"""
from __future__ import annotations

import json
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, abort, jsonify, render_template, request
from jinja2 import DictLoader
from pylti1p3.contrib.flask import FlaskCacheDataStorage, FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.tool_config import ToolConfJsonFile

PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p>Bonjour {{ name }}.</p><p>Cours : {{ course }}</p></main></body></html>
"""
CONTEXT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/context"
KEY_SET_CACHE_SECONDS = 7200


@dataclass(frozen=True)
class ReferenceSettings:
    """Where the reference tool answers, how its one platform knows it, and which variant it is."""

    platform_url: str
    tool_url: str
    client_id: str = "reference-tool"
    deployment_id: str = "reference-1"
    lean: bool = False

    @property
    def login_url(self) -> str:
        return self.tool_url + "/login/"

    @property
    def launch_url(self) -> str:
        return self.tool_url + "/launch/"

    @property
    def jwks_url(self) -> str:
        return self.tool_url + "/jwks/"


class SimpleCache:
    """What flask-caching's "simple" cache does for the example: a dict of pickled values that expire."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, bytes]] = {}

    def get(self, key: str) -> Any:
        found = self._items.get(key)
        if found is None or found[0] <= time.monotonic():
            return None
        return pickle.loads(found[1])

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        expires = time.monotonic() + (timeout or 300)
        self._items[key] = (expires, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        return True


def write_configuration(settings: ReferenceSettings, directory: Path) -> Path:
    """The example's configs/: a JSON file with the one registration, beside the tool's key pair."""
    private, public = key_pair()
    (directory / "private.key").write_text(private)
    (directory / "public.key").write_text(public)
    registration = {
        "default": True,
        "client_id": settings.client_id,
        "auth_login_url": settings.platform_url + "/auth",
        "auth_token_url": settings.platform_url + "/token",
        "key_set_url": settings.platform_url + "/jwks",
        "key_set": None,
        "private_key_file": "private.key",
        "public_key_file": "public.key",
        "deployment_ids": [settings.deployment_id],
    }
    path = directory / "tool.json"
    path.write_text(json.dumps({settings.platform_url: [registration]}))
    return path


def key_pair() -> tuple[str, str]:
    """The tool's own RSA key pair, PEM encoded (private, public)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode(), public.decode()


def configuration(settings: ReferenceSettings, path: Path) -> Callable[[], ToolConfJsonFile]:
    """The tool configuration for a request: read again each time as in the example, once when lean."""
    if not settings.lean:
        return lambda: ToolConfJsonFile(str(path))
    conf = ToolConfJsonFile(str(path))
    return lambda: conf


def create_app(settings: ReferenceSettings, configs_dir: Path) -> Flask:
    """The reference tool: /login/, /launch/ (which shows the page) and /jwks/; its files go in configs_dir."""
    app = Flask("reference_tool")
    app.config["SECRET_KEY"] = "reference-tool-benchmark-only"
    app.jinja_loader = DictLoader({"launched.html": PAGE})
    tool_conf = configuration(settings, write_configuration(settings, configs_dir))
    cache = SimpleCache()

    @app.route("/login/", methods=["GET", "POST"])
    def login() -> Any:
        target_link_uri = request.values.get("target_link_uri")
        if not target_link_uri:
            abort(400)
        storage = FlaskCacheDataStorage(cache)
        return FlaskOIDCLogin(FlaskRequest(), tool_conf(), launch_data_storage=storage).redirect(target_link_uri)

    @app.post("/launch/")
    def launch() -> Any:
        storage = FlaskCacheDataStorage(cache)
        message_launch = FlaskMessageLaunch(FlaskRequest(), tool_conf(), launch_data_storage=storage)
        if settings.lean:
            message_launch.set_public_key_caching(storage, cache_lifetime=KEY_SET_CACHE_SECONDS)
        claims = cast(dict[str, Any], message_launch.get_launch_data())
        course = claims.get(CONTEXT_CLAIM, {}).get("title", "")
        return render_template("launched.html", title="Outil de référence", name=claims.get("name", ""), course=course)

    @app.get("/jwks/")
    def jwks() -> Any:
        return jsonify(tool_conf().get_jwks(settings.platform_url, settings.client_id))

    return app
