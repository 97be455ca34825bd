"""Outgoing HTTP for registration: only where a registration needs to go, briefly, in small bites.

/lti/register is reachable by anyone who can load a URL, so it must not become an
open fetcher: HTTPS only (plain HTTP to loopback only where the settings allow
it, for the dev platform), optional allow-list of platform hosts, short timeouts,
no redirects, and a size limit on what comes back.
"""
from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

_DNS_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


class UnsafeUrl(ValueError):
    """A URL the tool refuses to call."""


class FetchFailed(Exception):
    """The other side could not be reached, or answered with something unusable."""


@dataclass(frozen=True)
class FetchPolicy:
    allow_http_loopback: bool
    allowed_hosts: tuple[str, ...]
    timeout: float
    max_bytes: int


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, policy: FetchPolicy) -> str:
    """Return the URL's host if the policy lets the tool call it; raise UnsafeUrl otherwise."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError as exc:
        raise UnsafeUrl(f"malformed URL {url!r}") from exc
    if not _plain_host(host) or parts.username or parts.password:
        raise UnsafeUrl(f"no usable host in {url!r}")
    if parts.scheme != "https" and not (parts.scheme == "http" and policy.allow_http_loopback and is_loopback(host)):
        raise UnsafeUrl(f"{url!r} is not HTTPS")
    if policy.allowed_hosts and host not in policy.allowed_hosts:
        raise UnsafeUrl(f"host {host!r} is not in the allowed platform hosts")
    return host


def _plain_host(host: str) -> bool:
    """A DNS name or an IP address, nothing else (no spaces, no separators)."""
    if _DNS_NAME.fullmatch(host):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def same_host(url: str, other: str) -> bool:
    """Same host name (ports may differ); what ties a configuration to the URL it came from."""
    try:
        return bool(urlsplit(url).hostname) and (urlsplit(url).hostname or "").lower() == (
            urlsplit(other).hostname or ""
        ).lower()
    except ValueError:
        return False


def get_json(url: str, policy: FetchPolicy, headers: dict[str, str] | None = None) -> Any:
    check_url(url, policy)
    return _send("GET", url, policy, headers or {}, None)


def post_json(url: str, policy: FetchPolicy, body: dict[str, Any], headers: dict[str, str]) -> Any:
    check_url(url, policy)
    return _send("POST", url, policy, {**headers, "Content-Type": "application/json"}, json.dumps(body))


def _send(method: str, url: str, policy: FetchPolicy, headers: dict[str, str], data: str | None) -> Any:
    headers = {"Accept": "application/json", **headers}
    try:
        with requests.request(
            method, url, headers=headers, data=data, timeout=policy.timeout, allow_redirects=False, stream=True
        ) as resp:
            body = resp.raw.read(policy.max_bytes + 1, decode_content=True)
            status = resp.status_code
    except requests.RequestException as exc:
        raise FetchFailed(f"{method} {url}: {exc.__class__.__name__}") from exc
    if len(body) > policy.max_bytes:
        raise FetchFailed(f"{method} {url}: answer larger than {policy.max_bytes} bytes")
    try:
        payload = json.loads(body) if body else None
    except ValueError as exc:
        raise FetchFailed(f"{method} {url}: answer is not JSON (HTTP {status})") from exc
    if not 200 <= status < 300:
        raise FetchFailed(f"{method} {url}: HTTP {status} {_describe(payload)}")
    return payload


def _describe(payload: Any) -> str:
    if isinstance(payload, dict):
        return " ".join(str(payload.get(k, "")) for k in ("error", "error_description")).strip()
    return ""


def hosts(values: Iterable[str]) -> tuple[str, ...]:
    """Normalise an allow-list read from settings."""
    return tuple(v.strip().lower() for v in values if v.strip())
