"""Fixtures: the dev platform served on loopback, and a fake tool that only publishes a JWKS.

The platform is reached as http://localhost:<port> and the tool as
http://127.0.0.1:<port>, two host names as in the demo, and everything goes
through real HTTP, so these tests see what a tool would see.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, jsonify
from werkzeug.serving import BaseWSGIServer, make_server

from devplatform import PlatformKey, PlatformSettings, create_app, seeded_platform
from devplatform.platform import Platform

TOOL_KID = "tool-key-1"


@pytest.fixture(autouse=True)
def clean_tables() -> None:
    """The dev platform keeps no tool tables: skip the project-wide cleanup and its tool app."""


@dataclass
class Served:
    url: str
    server: BaseWSGIServer


def _serve(app: Callable[..., Any], host_name: str) -> Served:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return Served(f"http://{host_name}:{server.server_port}", server)


@dataclass
class FakeTool:
    """Publishes its public key at /lti/jwks and signs client assertions with the private one."""

    url: str
    key: rsa.RSAPrivateKey
    jwks_fetches: list[float] = field(default_factory=list)

    def assertion(self, audience: str, headers: dict[str, Any] | None = None,
                  key: rsa.RSAPrivateKey | None = None, algorithm: str = "RS256", **claims: Any) -> str:
        """A client assertion as pylti1p3 builds it; keyword arguments override claims (None drops one)."""
        now = int(time.time())
        body = {"iss": "dev-tool", "sub": "dev-tool", "aud": audience, "iat": now - 5, "exp": now + 60,
                "jti": f"lti-service-token-{uuid.uuid4()}", **claims}
        body = {k: v for k, v in body.items() if v is not None}
        header = {"kid": TOOL_KID, **(headers or {})}
        header = {k: v for k, v in header.items() if v is not None}
        return jwt.encode(body, key or self.key, algorithm=algorithm, headers=header)

    def sign(self, claims: dict[str, Any], headers: dict[str, Any] | None = None,
             key: rsa.RSAPrivateKey | None = None) -> str:
        """A JWT from the tool, RS256 with its kid; a header set to None is left out."""
        header = {k: v for k, v in {"kid": TOOL_KID, **(headers or {})}.items() if v is not None}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers=header)


@pytest.fixture(scope="session")
def tool() -> Iterator[FakeTool]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    app = Flask("fake_tool")
    fake: FakeTool

    @app.get("/lti/jwks")
    def jwks() -> Any:
        fake.jwks_fetches.append(time.monotonic())
        public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
        return jsonify(keys=[{**public, "kid": TOOL_KID, "alg": "RS256", "use": "sig"}])

    served = _serve(app, "127.0.0.1")
    fake = FakeTool(served.url, key)
    yield fake
    served.server.shutdown()


@pytest.fixture(scope="session")
def key_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One platform key for the whole run: generating RSA keys is the slow part."""
    return tmp_path_factory.mktemp("devplatform") / "key.pem"


@dataclass
class DevPlatform:
    url: str
    platform: Platform
    http: requests.Session

    def access_token(self, tool: FakeTool, *scopes: str) -> str:
        response = self.http.post(f"{self.url}/token", data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": tool.assertion(f"{self.url}/token"),
            "scope": " ".join(scopes),
        })
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def auth_params(self, user_id: str, context_id: str, resource_link_id: str | None = None, *,
                    deep_linking: bool = False) -> dict[str, str]:
        """What a tool's /lti/login sends the browser to /auth with, after a real login initiation."""
        if deep_linking:
            _, login = self.platform.deep_linking_initiation(user_id, context_id)
        else:
            _, login = self.platform.login_initiation(user_id, context_id, resource_link_id)
        return {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": login["client_id"],
            # The tool's own launch URL, whatever target_link_uri the link has.
            "redirect_uri": self.platform.registration.redirect_uris[0],
            "login_hint": login["login_hint"],
            "lti_message_hint": login["lti_message_hint"],
            "nonce": uuid.uuid4().hex,
            "state": uuid.uuid4().hex,
        }

    def authorize(self, params: dict[str, str]) -> tuple[str, dict[str, str]]:
        """GET /auth and read the form it auto-submits: (action, fields)."""
        response = self.http.get(f"{self.url}/auth", params=params)
        assert response.status_code == 200, response.text
        return read_form(response.text)

    def verify(self, id_token: str) -> dict[str, Any]:
        """Check an id_token as a tool does, with the key published at /jwks; its claims."""
        keys = jwt.PyJWKSet.from_dict(self.http.get(self.url + "/jwks").json())
        kid = jwt.get_unverified_header(id_token)["kid"]
        key = next(k for k in keys.keys if k.key_id == kid)
        return dict(jwt.decode(id_token, key, algorithms=["RS256"],
                               audience=self.platform.registration.client_id, issuer=self.url))

    def launch_claims(self, user_id: str, context_id: str, resource_link_id: str | None = None, *,
                      deep_linking: bool = False) -> dict[str, Any]:
        """The verified claims of a whole launch: login initiation, then /auth."""
        params = self.auth_params(user_id, context_id, resource_link_id, deep_linking=deep_linking)
        return self.verify(self.authorize(params)[1]["id_token"])

    def deep_linking_return(self, request: dict[str, Any], token: str) -> requests.Response:
        """Post a deep linking response JWT to the request's deep_link_return_url, as the tool's page does."""
        return self.http.post(request[DEEP_LINKING_SETTINGS]["deep_link_return_url"], data={"JWT": token})

    def register(self, body: Any, token: str | None) -> requests.Response:
        """POST a client registration to /register as a tool does, with the token as bearer."""
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return self.http.post(f"{self.url}/register", json=body, headers=headers)

    def register_tool(self, tool: FakeTool) -> dict[str, Any]:
        """Run a whole dynamic registration of the fake tool; the registration answer."""
        _, token = self.platform.start_registration()
        response = self.register(client_registration(tool.url), token)
        assert response.status_code == 200, response.text
        return dict(response.json())


LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
DEEP_LINKING_SETTINGS = DL + "deep_linking_settings"


def deep_linking_response(request: dict[str, Any], items: Any,
                          changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """The claims a spec-conformant tool signs to answer a deep linking request (given by its claims);
    `changes` overrides claims by full name, None dropping one."""
    now = int(time.time())
    claims = {
        "iss": request["aud"],
        "aud": request["iss"],
        "iat": now,
        "exp": now + 60,
        "nonce": uuid.uuid4().hex,
        LTI + "message_type": "LtiDeepLinkingResponse",
        LTI + "version": "1.3.0",
        LTI + "deployment_id": request[LTI + "deployment_id"],
        DL + "data": request[DEEP_LINKING_SETTINGS]["data"],
        DL + "content_items": items,
        **(changes or {}),
    }
    return {k: v for k, v in claims.items() if v is not None}


TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SERVICE_SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)


def client_registration(tool_url: str) -> dict[str, Any]:
    """The client registration a spec-conformant tool at tool_url posts (LTI Dynamic Registration 1.0)."""
    launch = tool_url + "/lti/launch"
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": tool_url + "/lti/login",
        "redirect_uris": [launch],
        "client_name": "Parcours de la nurserie",
        "jwks_uri": tool_url + "/lti/jwks",
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SERVICE_SCOPES),
        TOOL_CONFIGURATION: {
            "domain": tool_url.split("://", 1)[1],
            "target_link_uri": launch,
            "claims": ["iss", "sub", "name", "email"],
            "messages": [{"type": "LtiResourceLinkRequest", "target_link_uri": launch}],
        },
    }


@dataclass
class PlatformServer:
    served: Served
    app: Flask
    settings: PlatformSettings
    key: PlatformKey


@pytest.fixture(scope="session")
def served_platform(tool: FakeTool, key_path: Path) -> Iterator[PlatformServer]:
    """The platform's server, started once: building the app and loading its key is the slow part."""
    holder: dict[str, Flask] = {}
    served = _serve(lambda environ, start: holder["app"](environ, start), "localhost")
    settings = PlatformSettings(url=served.url, tool_url=tool.url, key_path=key_path, testing=True)
    holder["app"] = create_app(settings)
    yield PlatformServer(served, holder["app"], settings, PlatformKey.load_or_create(key_path))
    served.server.shutdown()


@pytest.fixture
def dev(served_platform: PlatformServer) -> Iterator[DevPlatform]:
    """A fresh, seeded platform behind the session's server, whose tool is the fake tool."""
    platform = seeded_platform(served_platform.settings, served_platform.key)
    served_platform.app.extensions["devplatform"] = platform
    with requests.Session() as http:
        yield DevPlatform(served_platform.served.url, platform, http)


@pytest.fixture
def bearer(dev: DevPlatform, tool: FakeTool) -> Callable[..., dict[str, str]]:
    """Authorization headers for a token granted the given scopes."""
    return lambda *scopes: {"Authorization": f"Bearer {dev.access_token(tool, *scopes)}"}


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.action = values.get("action") or ""
        elif tag == "input" and values.get("type") == "hidden":
            self.fields[values.get("name") or ""] = values.get("value") or ""


def read_form(html: str) -> tuple[str, dict[str, str]]:
    reader = _FormReader()
    reader.feed(html)
    return reader.action, reader.fields


@pytest.fixture(name="read_form")
def read_form_fixture() -> Callable[[str], tuple[str, dict[str, str]]]:
    """The action and hidden fields of a page's auto-submitted form."""
    return read_form
