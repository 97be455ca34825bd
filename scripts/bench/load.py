"""Serve a checkout with gunicorn and put each route under wrk's load.

The server is the production command (gunicorn.conf.py, sync workers,
`--preload`, the engine's inherited connections dropped after the fork by the
checkout's own gunicorn.conf.py when it has that hook); the load is Debian's
wrk, installed when missing. A Lua script hands wrk the route's requests in
turn and prints, when done, the requests/s, the p95 latency and how many
answers were not 2xx: a route that answers 401 fast is not a fast route.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

LUA = """
local requests = %(requests)s
local counter = 0
request = function()
  counter = counter + 1
  local r = requests[(counter %% #requests) + 1]
  if r.body then
    return wrk.format("POST", r.path, {["Content-Type"] = "application/x-www-form-urlencoded"}, r.body)
  end
  return wrk.format("GET", r.path)
end
done = function(summary, latency, _requests)
  local e = summary.errors
  io.write(string.format("BENCH %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(95), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Throughput:
    requests_per_second: float
    p95_ms: float


def ensure_wrk() -> str:
    """wrk's path, installing Debian's package when it is missing."""
    found = shutil.which("wrk")
    if found is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
    assert found, "wrk could not be installed"
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(tree: Path, workers: int, env: dict[str, str]) -> Iterator[str]:
    """The checkout's app under gunicorn on a free loopback port; yields its base URL."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "-c", str(tree / "gunicorn.conf.py"),
        "--preload", "-w", str(workers), "-b", f"127.0.0.1:{port}", "tree_app:make_app()",
    ]  # fmt: skip
    full_env = {**os.environ, **env, "PYTHONPATH": f"{tree}:{HERE}"}
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(command, cwd=tree, env=full_env, stdout=log, stderr=log)
    try:
        _wait_until_up(port, server, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _wait_until_up(port: int, server: subprocess.Popen[bytes], log: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError("gunicorn stopped:\n" + log.read().decode(errors="replace")[-3000:])
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 60 s")


def measure(url: str, route: dict[str, Any], seconds: int, threads: int = 2, connections: int = 16) -> Throughput:
    """Warm the route up, then load it with wrk; refuse a run with errors or non-2xx answers."""
    requests = route["requests"]
    lua = LUA % {"requests": _lua_table(requests)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua)
        script.flush()
        _wrk(url, script.name, 2, threads, connections)
        count, duration_us, p95_us, non_2xx, errors = _wrk(url, script.name, seconds, threads, connections)
    if non_2xx or errors:
        raise RuntimeError(f"{route['requests'][0]['path']}: {non_2xx} non-2xx answers, {errors} socket errors")
    return Throughput(requests_per_second=count / (duration_us / 1e6), p95_ms=p95_us / 1000)


def _wrk(url: str, script: str, seconds: int, threads: int, connections: int) -> tuple[int, ...]:
    out = subprocess.run(
        [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script, url],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    line = next(line for line in out.stdout.splitlines() if line.startswith("BENCH "))
    return tuple(int(value) for value in line.split()[1:])


def _lua_table(requests: list[dict[str, str]]) -> str:
    """The requests as a Lua table literal (JSON strings are valid Lua strings for these paths)."""
    rows = []
    for r in requests:
        fields = [f"path = {json.dumps(r['path'])}"]
        if "body" in r:
            fields.append(f"body = {json.dumps(r['body'])}")
        rows.append("{" + ", ".join(fields) + "}")
    return "{" + ",\n".join(rows) + "}"
