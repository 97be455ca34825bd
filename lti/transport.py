"""The one way out of the tool: every outgoing HTTP call (registration, key sets, AGS, NRPS).

Anyone on the internet can make the tool call a URL (a registration names its
configuration, key set and endpoints), so every call is bounded here, once:
- a total deadline for the whole exchange, not only per read, so a server that
  drips one byte a second cannot hold a worker;
- a size cap on what comes back, and no redirects;
- HTTPS only (plain HTTP to loopback where the settings allow it, for the dev
  platform);
- the host name is resolved here, every address must be public or in a range
  the administrator allows (an on-premise LMS), and the connection goes to the
  address that was checked, so a second DNS answer cannot swap it for another;
- the path and query go out as written (an NRPS next page, a signed cursor):
  requests and urllib3 both rewrite escapes (`%2f` becomes `%2F`, `%7e` becomes
  `~`), and a prepared request's `.url` set after preparation is still rewritten
  by urllib3 (psf/requests#5907, urllib3#3081: no option turns it off), so the
  connection puts back the target as given when it is the same URL under
  RFC 3986's normalisation, and nothing else (see `_as_given`).
pylti1p3 takes the same session for its own calls (`requests_session`).
"""
from __future__ import annotations

import contextvars
import ipaddress
import json
import re
import socket
import string
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .framing import origin

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[..., list[tuple[Any, ...]]]
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
_DNS_NAME = re.compile(r"[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*")
_CHUNK = 16 * 1024
# A request target as RFC 3986 writes it: unreserved and reserved characters (no fragment), and escapes.
_TARGET = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")


class UnsafeUrl(ValueError):
    """A URL the tool refuses to call."""


class FetchFailed(Exception):
    """The other side could not be reached in time, or answered with something unusable."""


@dataclass(frozen=True)
class OutboundPolicy:
    """What every outgoing call obeys; built once from the settings (lti.settings)."""

    deadline: float
    max_bytes: int
    allow_http_loopback: bool = False
    allowed_networks: tuple[IpNetwork, ...] = ()
    resolver: Resolver = field(default=socket.getaddrinfo, compare=False)


def networks(values: Iterable[str]) -> tuple[IpNetwork, ...]:
    """Parse a setting listing private ranges (CIDR) an on-premise LMS may sit in."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def check_url(url: str, policy: OutboundPolicy) -> str:
    """Return the URL's host if its form is one the tool may call; raise UnsafeUrl otherwise.

    The addresses behind the host are checked when connecting (see `_connect`).
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError as exc:
        raise UnsafeUrl(f"malformed URL {url!r}") from exc
    if not _plain_host(host) or parts.username or parts.password:
        raise UnsafeUrl(f"no usable host in {url!r}")
    if parts.scheme != "https" and not (parts.scheme == "http" and policy.allow_http_loopback and is_loopback(host)):
        raise UnsafeUrl(f"{url!r} is not HTTPS")
    return host


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _plain_host(host: str) -> bool:
    """A DNS name or an IP address, nothing else (no spaces, no separators)."""
    if _DNS_NAME.fullmatch(host):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def checked_addresses(host: str, port: int, policy: OutboundPolicy) -> list[tuple[Any, ...]]:
    """Resolve `host` once; every address must be public or in an allowed range."""
    try:
        infos = policy.resolver(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchFailed(f"{host}: name not resolved ({exc.__class__.__name__})") from exc
    if not infos:
        raise FetchFailed(f"{host}: name not resolved")
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if not (address.is_global or any(address in net for net in policy.allowed_networks)):
            raise UnsafeUrl(f"{host} resolves to {address}, which is not a public address")
    return infos


class _Watchdog:
    """Shuts the connections of one exchange when its deadline passes, whatever they are waiting for.

    It keeps a duplicate of each socket's descriptor: shutting a connection down
    through it wakes a read blocked anywhere (TLS handshake included, after the
    TLS layer has taken the original socket over), and a descriptor the watchdog
    owns can never be reused by another connection meanwhile.
    """

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._duplicates: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            for duplicate in self._duplicates:
                duplicate.close()
            self._duplicates.clear()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            duplicate = sock.dup()
            self._duplicates.append(duplicate)
            if self.fired:
                _shut(duplicate)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for duplicate in self._duplicates:
                _shut(duplicate)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


@dataclass(frozen=True)
class _Exchange:
    """What the connections of one exchange obey: the policy, the watchdog, the target as the caller wrote it."""

    policy: OutboundPolicy
    watchdog: _Watchdog
    target: str | None  # None: the URL is not a request target as written (requests encodes it)


_exchange: contextvars.ContextVar[_Exchange] = contextvars.ContextVar("lti_exchange")


def request_target(url: str) -> str | None:
    """The path and query of `url` exactly as written, when they may go on a request line as they stand."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return target if _TARGET.fullmatch(target) else None


def _normalized(target: str) -> str:
    """RFC 3986 §6.2.2: escapes in upper case, unreserved characters unescaped (what requests and urllib3 do)."""
    def escape(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _ESCAPE.sub(escape, target)


def _as_given(url: str) -> str:
    """The exchange's target as the caller wrote it, in place of urllib3's rewrite of the same URL.

    Anything else (a query requests built from `params`, a path whose dot
    segments were removed) goes out as urllib3 wrote it.
    """
    exchange = _exchange.get(None)
    given = exchange.target if exchange is not None else None
    return given if given is not None and _normalized(given) == _normalized(url) else url


def _connect(host: str, port: int, timeout: Any) -> socket.socket:
    """Connect to a checked address of `host` and put the socket under the exchange's watchdog."""
    exchange = _exchange.get()
    policy, watchdog = exchange.policy, exchange.watchdog
    error: OSError | None = None
    for family, kind, proto, _name, sockaddr in checked_addresses(host, port, policy):
        sock = socket.socket(family, kind, proto)
        watchdog.watch(sock)
        try:
            sock.settimeout(timeout if isinstance(timeout, (int, float)) else policy.deadline)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"cannot connect to {host}")


class _CheckedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _connect(self._dns_host, self.port, self.timeout)

    def putrequest(self, method: str, url: str, skip_host: bool = False, skip_accept_encoding: bool = False) -> None:
        super().putrequest(method, _as_given(url), skip_host=skip_host, skip_accept_encoding=skip_accept_encoding)


class _CheckedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _connect(self._dns_host, self.port, self.timeout)

    def putrequest(self, method: str, url: str, skip_host: bool = False, skip_accept_encoding: bool = False) -> None:
        super().putrequest(method, _as_given(url), skip_host=skip_host, skip_accept_encoding=skip_accept_encoding)


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    """A requests adapter whose connections go only to checked addresses, and are never reused."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}


class GuardedSession(requests.Session):
    """A requests session that obeys an OutboundPolicy on every request, including pylti1p3's."""

    def __init__(self, policy: OutboundPolicy) -> None:
        super().__init__()
        self.policy = policy
        self.trust_env = False  # an environment proxy would bypass the address checks
        self.headers["Connection"] = "close"
        for scheme in ("http://", "https://"):
            self.mount(scheme, _CheckedAdapter(max_retries=0))

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        """Send within the deadline, read at most max_bytes, follow no redirect, the URL as written."""
        text_url = url.decode() if isinstance(url, bytes) else url
        check_url(text_url, self.policy)
        target = None if kwargs.get("params") or self.params else request_target(text_url)
        kwargs.update(allow_redirects=False, stream=True, timeout=self.policy.deadline)
        started = time.monotonic()
        with _Watchdog(self.policy.deadline) as watchdog:
            token = _exchange.set(_Exchange(self.policy, watchdog, target))
            try:
                response = super().request(method, url, *args, **kwargs)
                body = _read_capped(response, self.policy.max_bytes)
            except requests.RequestException as exc:
                raise self._failure(text_url, watchdog, exc, started) from exc
            finally:
                _exchange.reset(token)
                for adapter in self.adapters.values():
                    adapter.close()  # no connection outlives its exchange and its watchdog
        response._content = body  # the body is read here, bounded; requests reads _content afterwards
        return response

    def _failure(self, url: str, watchdog: _Watchdog, exc: Exception, started: float) -> FetchFailed:
        if watchdog.fired:
            return FetchFailed(f"{url}: no complete answer within {self.policy.deadline:g} s (Timeout)")
        return FetchFailed(f"{url}: {exc.__class__.__name__} after {time.monotonic() - started:.1f} s")


def _read_capped(response: requests.Response, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.raw.read(_CHUNK, decode_content=True):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise FetchFailed(f"{response.url}: answer larger than {max_bytes} bytes")
    finally:
        response.close()
    return b"".join(chunks)


def get_json(session: GuardedSession, url: str, headers: dict[str, str] | None = None) -> Any:
    """GET a JSON document; FetchFailed unless it is a 2xx with a JSON body."""
    return _json(session.get(url, headers={"Accept": "application/json", **(headers or {})}))


def post_json(session: GuardedSession, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    """POST a JSON document and read the JSON answer; FetchFailed unless it is a 2xx."""
    sent = {"Accept": "application/json", "Content-Type": "application/json", **headers}
    return _json(session.post(url, data=json.dumps(body), headers=sent))


def _json(response: requests.Response) -> Any:
    try:
        payload = json.loads(response.content) if response.content else None
    except ValueError as exc:
        raise FetchFailed(f"{response.url}: answer is not JSON (HTTP {response.status_code})") from exc
    if not 200 <= response.status_code < 300:
        raise FetchFailed(f"{response.url}: HTTP {response.status_code} {_describe(payload)}".rstrip())
    return payload


def _describe(payload: Any) -> str:
    if isinstance(payload, dict):
        return " ".join(str(payload.get(k, "")) for k in ("error", "error_description")).strip()
    return ""


def same_origin(url: str, other: str) -> bool:
    """Same scheme, host and port: what ties a configuration to the URL it came from."""
    mine = origin(url)
    return mine is not None and mine == origin(other)
