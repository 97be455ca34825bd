"""The one way out (lti.transport): a total deadline, a size cap, no redirects, checked addresses.

The servers here are real sockets on loopback that misbehave on purpose: one
drips its answer a byte at a time, one redirects to a private address, one
serves TLS under a name that no DNS knows, so the test can see which address
the tool really connected to.
"""
from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from lti.transport import LOOPBACK, FetchFailed, GuardedSession, OutboundPolicy, UnsafeUrl, get_json

ANSWER = b'{"keys": []}'


class RawServer:
    """A TCP server on 127.0.0.1 that answers every connection with `handler(conn)`."""

    def __init__(self, handler, tls: ssl.SSLContext | None = None) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.handler, self.tls = handler, tls
        self.connections = 0
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            conn.recv(65536)
            self.handler(conn, self.stop)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def _dripping(conn: socket.socket, stop: threading.Event) -> None:
    """A byte every quarter second: no read waits long, the whole answer takes about 20 s."""
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n" + ANSWER
    for byte in answer:
        if stop.wait(0.25):
            return
        conn.sendall(bytes([byte]))


def _ok(conn: socket.socket, _stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n" + ANSWER)


@pytest.fixture
def servers() -> Iterator[list[RawServer]]:
    started: list[RawServer] = []
    yield started
    for server in started:
        server.close()


def _policy(**changes) -> OutboundPolicy:
    base = {"deadline": 1.0, "max_bytes": 1024, "allow_http_loopback": True, "allowed_networks": LOOPBACK}
    return OutboundPolicy(**{**base, **changes})


def test_a_server_dripping_its_answer_is_given_up_at_the_deadline(servers) -> None:
    """Reads of one byte a second never trip a per-read timeout; the total deadline stops them."""
    server = RawServer(_dripping)
    servers.append(server)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="no complete answer within"):
        get_json(GuardedSession(_policy()), f"http://127.0.0.1:{server.port}/jwks")
    assert time.monotonic() - started < 10  # the answer alone takes about 20 s


def test_four_dripping_platforms_do_not_take_the_tool_down(tool_server, registered, servers, app, monkeypatch) -> None:
    """Four registrations against drippers at once all end at the deadline; the tool keeps answering."""
    monkeypatch.setitem(app.config, "LTI_HTTP_DEADLINE_SECONDS", 1)
    drippers = [RawServer(_dripping) for _ in range(4)]
    servers.extend(drippers)

    def register(server: RawServer) -> tuple[int, float]:
        started = time.monotonic()
        config = f"http://127.0.0.1:{server.port}/.well-known/openid-configuration"
        answer = requests.get(tool_server.url + "/lti/register", params={"openid_configuration": config}, timeout=60)
        return answer.status_code, time.monotonic() - started

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(register, drippers))
    assert [status for status, _ in results] == [502] * 4
    assert max(seconds for _, seconds in results) < 15
    assert requests.get(tool_server.url + "/lti/jwks", timeout=5).status_code == 200


def test_a_redirect_is_never_followed(servers) -> None:
    """A 302 to a private address stays a 302: the tool reads it as a failure and goes nowhere."""
    target = RawServer(_ok)

    def redirecting(conn: socket.socket, _stop: threading.Event) -> None:
        conn.sendall(
            f"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{target.port}/secret\r\nContent-Length: 0\r\n\r\n".encode()
        )

    redirector = RawServer(redirecting)
    servers.extend([target, redirector])
    with pytest.raises(FetchFailed, match="HTTP 302"):
        get_json(GuardedSession(_policy()), f"http://127.0.0.1:{redirector.port}/jwks")
    assert target.connections == 0


def test_an_answer_over_the_size_cap_is_refused(servers) -> None:
    def big(conn: socket.socket, _stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + b"x" * 5000)

    server = RawServer(big)
    servers.append(server)
    with pytest.raises(FetchFailed, match="larger than 1024 bytes"):
        get_json(GuardedSession(_policy()), f"http://127.0.0.1:{server.port}/big")


@pytest.mark.parametrize(
    "url, resolved",
    [
        ("https://lms.example.test/jwks", "127.0.0.1"),
        ("https://lms.example.test/jwks", "10.1.2.3"),
        ("https://lms.example.test/jwks", "169.254.169.254"),
        ("https://lms.example.test/jwks", "::1"),
        ("https://lms.example.test/jwks", "fd00::1"),
        ("https://127.0.0.1/jwks", "127.0.0.1"),
    ],
    ids=["loopback", "private range", "cloud metadata", "IPv6 loopback", "IPv6 private", "loopback literal"],
)
def test_in_production_only_public_addresses_are_reached(url, resolved) -> None:
    """Production allows no private range by default: whatever a name resolves to is checked first."""
    calls: list[str] = []

    def resolver(host: str, port: int, **_kw):
        calls.append(host)
        family = socket.AF_INET6 if ":" in resolved else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (resolved, port))]

    policy = _policy(allow_http_loopback=False, allowed_networks=(), resolver=resolver)
    with pytest.raises(UnsafeUrl, match="not a public address"):
        GuardedSession(policy).get(url)
    assert calls


def test_plain_http_is_refused_outside_loopback_and_everywhere_in_production() -> None:
    with pytest.raises(UnsafeUrl, match="not HTTPS"):
        GuardedSession(_policy()).get("http://lms.example.org/jwks")
    with pytest.raises(UnsafeUrl, match="not HTTPS"):
        GuardedSession(_policy(allow_http_loopback=False)).get("http://127.0.0.1:9/jwks")


@pytest.fixture
def tls_server(tmp_path: Path, servers) -> tuple[RawServer, Path]:
    return _tls_server(tmp_path, servers, _ok)


def _resolving_to(address: str):
    def resolver(host: str, port: int, **_kw):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    return resolver


def _tls_server(tmp_path: Path, servers: list[RawServer], handler) -> tuple[RawServer, Path]:
    """An HTTPS server on 127.0.0.1 whose certificate names lms.example.test, a name no DNS knows."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "lms.example.test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("lms.example.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server = RawServer(handler, tls=context)
    servers.append(server)
    return server, cert_path


def test_the_connection_goes_to_the_address_that_was_checked(tls_server) -> None:
    """The name is resolved once and the socket connects to that answer, with TLS checked against
    the name; a second lookup (a DNS rebinding to a private address) never happens."""
    server, cert_path = tls_server
    answers = iter(["127.0.0.1", "10.9.9.9"])
    calls: list[str] = []

    def resolver(host: str, port: int, **_kw):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    policy = _policy(allow_http_loopback=False, allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),), resolver=resolver)
    session = GuardedSession(policy)
    session.verify = str(cert_path)
    assert get_json(session, f"https://lms.example.test:{server.port}/jwks") == {"keys": []}
    assert calls == ["lms.example.test"] and server.connections == 1


def test_a_tls_server_dripping_its_answer_is_given_up_at_the_deadline(tmp_path, servers) -> None:
    """The deadline also cuts an encrypted connection, whose socket the TLS layer has taken over."""
    server, cert_path = _tls_server(tmp_path, servers, _dripping)
    session = GuardedSession(_policy(allowed_networks=LOOPBACK, resolver=_resolving_to("127.0.0.1")))
    session.verify = str(cert_path)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="no complete answer within"):
        get_json(session, f"https://lms.example.test:{server.port}/jwks")
    assert time.monotonic() - started < 10


def test_environment_proxies_are_ignored(servers, monkeypatch) -> None:
    """A proxy from the environment would be the only address checked: the transport uses none."""
    server = RawServer(_ok)
    servers.append(server)
    monkeypatch.setenv("HTTP_PROXY", "http://10.0.0.1:3128")
    monkeypatch.setenv("http_proxy", "http://10.0.0.1:3128")
    assert get_json(GuardedSession(_policy()), f"http://127.0.0.1:{server.port}/jwks") == {"keys": []}
