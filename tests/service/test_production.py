"""Production starts as README.md says: its own commands, run for real, on the suite's database.

The commands are read from the README's production section, so the document
and the test cannot drift apart; only gunicorn's address changes (a free
loopback port). init-db is idempotent: the schema is at head and the signing
key is kept, so the rest of the suite sees the same database afterwards.
"""
from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from config import BASE_DIR, TestConfig

README = BASE_DIR / "README.md"
BIN = Path(sys.executable).parent
# A loaded 2-core machine may take a while to boot the workers; polling stops as soon as one answers.
READY_DEADLINE_SECONDS = 120
STOP_DEADLINE_SECONDS = 60
TOKEN = "launch-token-that-must-not-be-logged"


def readme_command(prefix: str) -> list[str]:
    """The first line of the README's production section that starts with `prefix`, as argv."""
    section = README.read_text(encoding="utf-8").split("## En production", 1)[1]
    for line in section.splitlines():
        if line.startswith(prefix):
            argv = shlex.split(line, comments=True)
            return [str(BIN / argv[0]), *argv[1:]]
    raise AssertionError(f"README.md's production section has no line starting with {prefix!r}")


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    """What production needs in its environment, pointed at the suite's database."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("FLASK_", "GUNICORN_"))}
    env.update(
        DATABASE_URL=TestConfig.DATABASE_URL,
        SECRET_KEY="test-production-secret-key",
        MODULES_DIR=str(TestConfig.MODULES_DIR),
        # gunicorn's control socket goes here, not into a home directory other runs share.
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    return env


def wait_until_ready(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + READY_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            requests.get(url, timeout=(2, 10))
            return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or no worker booted yet
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {READY_DEADLINE_SECONDS} s:\n{log.read_text()}")


def send_malformed_request(port: int) -> bytes:
    """A request line gunicorn refuses and quotes in its error log, token included."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(f"GET /learner/?lt={TOKEN}\x01 HTTP/1.1\r\nHost: tool\r\n\r\n".encode())
        return client.recv(64)


def stop(server: subprocess.Popen[bytes]) -> int:
    """SIGTERM, as a service manager does: gunicorn lets its workers finish, then exits."""
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=STOP_DEADLINE_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise


def test_the_readme_production_commands_start_the_tool(app, production_env, tmp_path) -> None:
    """`flask --app wsgi init-db`, then gunicorn: /healthz and /lti/jwks answer; no token in its logs.

    `app` is asked for so the suite's schema is built before, never while, init-db runs.
    """
    init_db = subprocess.run(
        readme_command("flask --app wsgi init-db"),
        cwd=BASE_DIR, env=production_env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert init_db.returncode == 0, init_db.stderr
    assert "Database ready" in init_db.stdout

    port = free_loopback_port()
    argv = readme_command("gunicorn ")
    argv[argv.index("-b") + 1] = f"127.0.0.1:{port}"
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        server = subprocess.Popen(argv, cwd=BASE_DIR, env=production_env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_ready(server, f"{base}/healthz", log)
        health = requests.get(f"{base}/healthz", params={"lt": TOKEN}, timeout=30)
        jwks = requests.get(f"{base}/lti/jwks", timeout=30)
        refused = send_malformed_request(port)
    finally:
        code = stop(server)

    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert jwks.status_code == 200 and jwks.json()["keys"], jwks.text
    assert refused.startswith(b"HTTP/1.1 400")
    assert code == 0, log.read_text()
    logged = log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in logged, logged  # the access log is on, paths without query
    assert "Invalid HTTP request line" in logged and "lt=[redacted]" in logged, logged  # the error log redacts
    assert TOKEN not in logged, logged
