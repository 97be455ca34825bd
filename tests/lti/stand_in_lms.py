"""A stand-in for an LMS's registration side, served over real HTTP on loopback.

It publishes an OpenID configuration, accepts the tool's registration and serves
a key set of its own; tests tell it to misbehave (another issuer, endpoints
elsewhere, a refusal, an oversized or a never-ending answer) and read what the
tool posted. It can also sign id_tokens with its key: what an attacker holding
that configuration would do. For the services, it issues access tokens at
/token and answers calls under /ags/ from a script of answers (any status, a
Moodle-style reason phrase, raw headers), recording every call it received.
"""
from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, Response, jsonify, request

from lti.registration import PLATFORM_CONFIG, TOOL_CONFIG

from ..servers import ServerThread

KID = "stand-in-key"


@dataclass(frozen=True)
class Answer:
    """One scripted answer; a status such as "400 Incorrect score received" sets the reason phrase."""

    status: int | str = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    method: str
    url: str  # path and query, as received
    authorization: str | None
    content_type: str | None
    body: bytes


class StandInLms:
    def __init__(self) -> None:
        self.server = ServerThread(host="localhost")
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.release = threading.Event()
        self.reset()
        app = Flask("stand_in_lms")
        app.add_url_rule("/.well-known/openid-configuration", view_func=self._configuration)
        app.add_url_rule("/slow/.well-known/openid-configuration", view_func=self._slow_configuration)
        app.add_url_rule("/register", view_func=self._register, methods=["POST"])
        app.add_url_rule("/jwks", view_func=self._jwks)
        app.add_url_rule("/token", view_func=self._token, methods=["POST"])
        app.add_url_rule("/ags/<path:_rest>", view_func=self._service, methods=["GET", "POST", "PUT", "DELETE"])
        self.server.start(app)

    def reset(self) -> None:
        """Back to a well-behaved Moodle; a request held by `/slow/` is let go."""
        self.release.set()
        self.release = threading.Event()
        self.client_id = "moodle-client-42"
        self.deployment_id = "17"
        self.overrides: dict[str, Any] = {}
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.platform_key = PLATFORM_CONFIG
        self.registration_status = 200
        self.padding = 0
        self.token_requests: list[dict[str, str]] = []
        self.tokens: list[str] = []
        self.token_answer: Answer | None = None  # None: issue a token
        self.token_gate: threading.Barrier | None = None  # token requests wait for each other
        self.script: list[Answer] = []  # answers to /ags/ calls, in order; then 200 []
        self.calls: list[Call] = []
        self._serial = itertools.count(1)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return self.server.server.server_port

    @property
    def config_url(self) -> str:
        return self.url + "/.well-known/openid-configuration"

    def _configuration(self) -> Any:
        base = self.url
        config = {
            "issuer": base,
            "authorization_endpoint": f"{base}/auth",
            "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwks",
            "registration_endpoint": f"{base}/register",
            self.platform_key: {"product_family_code": "moodle", "version": "4.5"},
        }
        if self.padding:
            config["padding"] = "x" * self.padding
        return jsonify({**config, **self.overrides})

    def _slow_configuration(self) -> Any:
        self.release.wait(timeout=60)  # until the test is over
        return self._configuration()

    def _register(self) -> Any:
        self.received.append((request.get_json(), request.headers.get("Authorization")))
        if self.registration_status != 200:
            return jsonify(error="invalid_client_metadata", error_description="nope"), self.registration_status
        body = dict(request.get_json())
        body["client_id"] = self.client_id
        body[TOOL_CONFIG] = {**body[TOOL_CONFIG], "deployment_id": self.deployment_id}
        return jsonify(body)

    def _jwks(self) -> Any:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return jsonify(keys=[{**public, "kid": KID, "alg": "RS256", "use": "sig"}])

    def sign(self, claims: dict[str, Any]) -> str:
        pem = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": KID})

    def _token(self) -> Any:
        self.token_requests.append(request.form.to_dict())
        if self.token_gate is not None:
            self.token_gate.wait(timeout=10)
        if self.token_answer is not None:
            return _response(self.token_answer)
        token = f"stand-in-token-{next(self._serial)}"
        self.tokens.append(token)
        return jsonify(access_token=token, token_type="Bearer", expires_in=3600, scope=request.form.get("scope", ""))

    def _service(self, _rest: str) -> Any:
        self.calls.append(Call(request.method, request.full_path.rstrip("?"), request.headers.get("Authorization"),
                               request.headers.get("Content-Type"), request.get_data()))
        return _response(self.script.pop(0) if self.script else Answer(200, []))


def _response(answer: Answer) -> Response:
    body = "" if answer.body is None else json.dumps(answer.body)
    return Response(body, status=answer.status, headers=answer.headers, content_type="application/json")
