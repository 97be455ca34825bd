"""The tool's client registration (LTI Dynamic Registration 1.0), checked as Moodle's registration_helper does.

Required: response_types with id_token, grant_types with implicit and client_credentials,
initiate_login_uri, redirect_uris, client_name, jwks_uri, token_endpoint_auth_method
private_key_jwt, and in the LTI tool configuration a domain and a target_link_uri. Every URL
must be on that domain (host[:port], compared as written, as Moodle compares them).
Errors are RFC 7591's: invalid_redirect_uri for redirect_uris, invalid_client_metadata else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

from .api_errors import ApiError
from .settings import ToolRegistration

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
BAD_METADATA = "invalid_client_metadata"
BAD_REDIRECT_URI = "invalid_redirect_uri"


@dataclass(frozen=True)
class ClientMetadata:
    """What the platform keeps of a valid registration request."""

    client_name: str
    login_url: str
    redirect_uris: tuple[str, ...]
    jwks_url: str
    target_link_uri: str
    scopes: frozenset[str]
    custom_parameters: tuple[tuple[str, str], ...]

    def registration(self, client_id: str, deployment_id: str) -> ToolRegistration:
        return ToolRegistration(
            client_id=client_id, deployment_id=deployment_id, login_url=self.login_url,
            redirect_uris=self.redirect_uris, jwks_url=self.jwks_url, target_link_uri=self.target_link_uri,
            scopes=self.scopes, client_name=self.client_name, custom_parameters=self.custom_parameters,
        )


def read_client_metadata(body: Any, offered_scopes: frozenset[str]) -> ClientMetadata:
    """Check the request; the scopes kept are those asked for that the platform offers."""
    data = _object(body, "the registration request")
    if data.get("application_type", "web") != "web":
        raise _bad("application_type must be 'web'")
    _must_contain(data, "response_types", ("id_token",))
    _must_contain(data, "grant_types", ("implicit", "client_credentials"))
    if data.get("token_endpoint_auth_method") != "private_key_jwt":
        raise _bad("token_endpoint_auth_method must be 'private_key_jwt'")
    tool = _object(data.get(TOOL_CONFIGURATION), TOOL_CONFIGURATION)
    domain = _domain(tool.get("domain"))
    redirect_uris = data.get("redirect_uris")
    if not isinstance(redirect_uris, list) or not redirect_uris:
        raise ApiError(400, BAD_REDIRECT_URI, "redirect_uris must be a non-empty list of URLs")
    _check_messages(tool.get("messages", []), domain)
    return ClientMetadata(
        client_name=_string(data, "client_name"),
        login_url=_url_on(domain, data.get("initiate_login_uri"), "initiate_login_uri"),
        redirect_uris=tuple(_url_on(domain, u, "redirect_uris", BAD_REDIRECT_URI) for u in redirect_uris),
        jwks_url=_url_on(domain, data.get("jwks_uri"), "jwks_uri"),
        target_link_uri=_url_on(domain, tool.get("target_link_uri"), "target_link_uri"),
        scopes=_scopes(data.get("scope", ""), offered_scopes),
        custom_parameters=_custom_parameters(tool.get("custom_parameters", {})),
    )


def _object(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _bad(f"{name} must be a JSON object")
    return value


def _string(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _bad(f"{name} is required and must be a non-empty string")
    return value


def _must_contain(data: Mapping[str, Any], name: str, wanted: tuple[str, ...]) -> None:
    value = data.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(f"{name} is required and must be a list of strings")
    missing = [w for w in wanted if w not in value]
    if missing:
        raise _bad(f"{name} must contain {' and '.join(repr(w) for w in wanted)}; missing {', '.join(missing)}")


def _domain(value: Any) -> str:
    """The tool's domain, host[:port] and nothing else, lower-cased for comparison."""
    if not isinstance(value, str) or not value:
        raise _bad(f"{TOOL_CONFIGURATION} needs a domain")
    parts = urlsplit("//" + value)
    if parts.netloc != value or "@" in value or not parts.hostname or not _valid_port(parts):
        raise _bad(f"domain must be a host name with an optional port, like 'tool.example.org', not {value!r}")
    return value.lower()


def _valid_port(parts: SplitResult) -> bool:
    """False if the port is not a number from 0 to 65535: urllib raises only when it is read."""
    try:
        parts.port  # noqa: B018
    except ValueError:
        return False
    return True


def _url_on(domain: str, value: Any, name: str, error: str = BAD_METADATA) -> str:
    """value, if it is an http(s) URL whose host[:port] is exactly the tool's domain."""
    if not isinstance(value, str) or not value:
        raise ApiError(400, error, f"{name} is required and must be a URL")
    parts = urlsplit(value)
    if (parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or parts.fragment
            or not _valid_port(parts)):
        raise ApiError(400, error, f"{name} must be an http(s) URL without user name or fragment: {value!r}")
    if parts.netloc.lower() != domain:
        raise ApiError(400, error, f"{name} {value!r} is not on the tool's domain {domain!r}")
    return value


def _check_messages(messages: Any, domain: str) -> None:
    """Messages are optional; each one named must have a type and stay on the domain."""
    if not isinstance(messages, list):
        raise _bad("messages must be a list")
    for message in messages:
        _string(_object(message, "each message"), "type")
        if "target_link_uri" in message:
            _url_on(domain, message["target_link_uri"], "a message's target_link_uri")


def _scopes(value: Any, offered: frozenset[str]) -> frozenset[str]:
    """The services granted: the scopes asked for that the platform offers, others dropped."""
    if not isinstance(value, str):
        raise _bad("scope must be a string of space-separated scopes")
    return frozenset(value.split()) & offered


def _custom_parameters(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _bad("custom_parameters must be an object whose values are strings")
    return tuple(value.items())


def _bad(description: str) -> ApiError:
    return ApiError(400, BAD_METADATA, description)
