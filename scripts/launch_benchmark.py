"""Time a complete LTI launch of this tool against a tool built like pylti1p3's Flask example.

    .venv/bin/python scripts/launch_benchmark.py [--runs 200] [--show-statements]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python scripts/launch_benchmark.py

A launch is what one click in the LMS costs: the login initiation posted to the
tool, the platform's authorisation, the id_token posted to the tool's launch URL,
and the first page the tool shows. Both tools are launched through the same dev
platform (served over real HTTP on loopback by this process), in turn, as the
same learners, each launch from a fresh browser. Each tool runs in this process
behind Flask's test client, so what is timed is the tool's own work (its
requests: login, launch and the page it redirects to; the reference's launch
answers with its page), never the platform's. SQL statements and commits are
counted on this tool's engine; the reference tool (scripts/reference_tool.py)
has no database. The schema of the database given is rebuilt first.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import reference_tool  # noqa: E402

from config import INSTANCE_DIR, Config  # noqa: E402
from devplatform import PlatformKey, PlatformSettings, ToolRegistration, seeded_platform  # noqa: E402
from devplatform import create_app as create_platform_app  # noqa: E402
from devplatform.platform import Platform as DevPlatform  # noqa: E402
from devplatform.seed import LILLE, ROUBAIX  # noqa: E402
from lms_service import create_app  # noqa: E402
from lms_service.cli import migrate  # noqa: E402
from lms_service.db import Base, get_engine, get_session  # noqa: E402
from lti import keys, platforms  # noqa: E402

THIS_TOOL_URL = "http://127.0.0.1:5000"
CLIENT_ID, DEPLOYMENT_ID = "dev-tool", "1"
# Learners who launch again and again, as on a weekday: the rows of their first launch exist.
LEARNERS = (("ines-belkacem", ROUBAIX), ("kevin-dufour", ROUBAIX), ("sarah-lefebvre", LILLE),
            ("mamadou-diallo", LILLE))  # fmt: skip
WARM_UP = 5
THIS, REFERENCE, LEAN_REFERENCE = "this tool", "pylti1p3 example, as built", "pylti1p3 example, lean"
# The example as built (configuration read and key set fetched at each launch), and lean (both once).
REFERENCES = ((REFERENCE, "reference-tool", "http://127.0.0.1:5002", False),
              (LEAN_REFERENCE, "reference-lean", "http://127.0.0.1:5003", True))  # fmt: skip


@dataclass(frozen=True)
class LaunchFigures:
    """One tool's launches: times in milliseconds, SQL statements and commits per launch (0 without SQL)."""

    tool: str
    runs: int
    median_ms: float
    p95_ms: float
    statements: float
    commits: float
    step_ms: dict[str, float] = field(default_factory=dict)
    step_statements: dict[str, float] = field(default_factory=dict)


class SqlCounter:
    """The statements and commits an engine sends, as they go."""

    def __init__(self, engine: Engine) -> None:
        self.statements: list[str] = []
        self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(" ".join(statement.split()))

    def _commit(self, _conn: Any) -> None:
        self.commits += 1
        self.statements.append("COMMIT")

    def mark(self, step: str) -> None:
        """What follows is sent during this step (login, launch, page)."""
        self.statements.append(f"-- {step}")

    def reset(self) -> None:
        self.statements, self.commits = [], 0


@dataclass
class Tool:
    """A tool under test: its app, reached through a fresh test client (a new browser) per launch."""

    name: str
    app: Flask
    client_id: str | None
    sql: SqlCounter | None = None
    samples: list[dict[str, float]] = field(default_factory=list)
    statements: list[list[str]] = field(default_factory=list)
    commits: list[int] = field(default_factory=list)


def measure_launches(database_url: str, runs: int) -> list[LaunchFigures]:
    """Launch this tool and the references `runs` times each, in turn; their figures (this tool first)."""
    return _measure(database_url, runs)[0]


def compare_launches(database_url: str, runs: int, show_statements: bool = False) -> list[LaunchFigures]:
    """Measure, then print every tool's launches and the ratios."""
    results, last_statements = _measure(database_url, runs)
    print_figures(database_url, results)
    if show_statements:
        print_statements(last_statements)
    return results


def _measure(database_url: str, runs: int) -> tuple[list[LaunchFigures], list[str]]:
    """The figures, and the SQL of this tool's last launch."""
    with launch_setup(database_url) as (platform, tools):
        run_launches(platform, tools, runs)
        return [figures(tool) for tool in tools], tools[0].statements[-1]


def ratio(results: list[LaunchFigures], reference: str = REFERENCE) -> float:
    """This tool's median launch over a reference's (the example as built by default): at most 1.0 is the goal."""
    this, other = (next(f for f in results if f.tool == name) for name in (THIS, reference))
    return this.median_ms / other.median_ms


@contextmanager
def launch_setup(database_url: str) -> Iterator[tuple[DevPlatform, list[Tool]]]:
    """The dev platform on loopback, this tool on a fresh schema and the reference tools, all registered."""
    with tempfile.TemporaryDirectory() as files, served_platform(Path(files)) as platform:
        app = this_tool(database_url, platform.settings.url)
        engine: Engine = app.extensions["db"].kw["bind"]
        tools = [Tool(THIS, app, None, SqlCounter(engine))]
        for name, client_id, url, lean in REFERENCES:
            settings = reference_tool.ReferenceSettings(platform.settings.url, url, client_id, f"{client_id}-1", lean)
            platform.add_tool(registration(settings))
            configs = Path(files) / client_id
            configs.mkdir()
            tools.append(Tool(name, reference_tool.create_app(settings, configs), client_id))
        try:
            yield platform, tools
        finally:
            engine.dispose()


def registration(reference: reference_tool.ReferenceSettings) -> ToolRegistration:
    """A reference tool as the platform's administrator enters it by hand."""
    return ToolRegistration(
        client_id=reference.client_id, deployment_id=reference.deployment_id, login_url=reference.login_url,
        redirect_uris=(reference.launch_url,), jwks_url=reference.jwks_url, target_link_uri=reference.launch_url,
    )  # fmt: skip


@contextmanager
def served_platform(keys_dir: Path) -> Iterator[DevPlatform]:
    """The dev platform as a real HTTP server on a loopback thread, named localhost as in the demo."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    holder: dict[str, Flask] = {}
    server = make_server("127.0.0.1", 0, lambda env, start: holder["app"](env, start), threaded=True)
    settings = PlatformSettings(url=f"http://localhost:{server.server_port}", tool_url=THIS_TOOL_URL,
                                client_id=CLIENT_ID, deployment_id=DEPLOYMENT_ID, key_path=keys_dir / "key.pem")
    holder["app"] = create_platform_app(settings)
    platform = seeded_platform(settings, PlatformKey.load_or_create(settings.key_path))
    holder["app"].extensions["devplatform"] = platform
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        thread.join(timeout=5)


def this_tool(database_url: str, platform_url: str) -> Flask:
    """This tool as it runs embedded, on a fresh schema, with the dev platform registered as `make run` does."""
    ensure_database(database_url)

    class LaunchBenchConfig(Config):
        DATABASE_URL = database_url
        SECRET_KEY = "launch-benchmark-only-secret"
        TOOL_BASE_URL = THIS_TOOL_URL

    app = create_app(LaunchBenchConfig)
    with app.app_context():
        with get_engine().begin() as conn:
            Base.metadata.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        migrate()
        session = get_session()
        keys.ensure_tool_key(session)
        endpoints = platforms.Endpoints(f"{platform_url}/auth", f"{platform_url}/token", f"{platform_url}/jwks")
        platform, _ = platforms.save(session, platform_url, CLIENT_ID, endpoints, "Plateforme de démonstration")
        platforms.ensure_deployment(session, platform, DEPLOYMENT_ID)
        session.commit()
    return app


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database the URL names when it is missing (an SQLite file creates itself)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database})
            if not found:
                conn.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    finally:
        admin.dispose()


def run_launches(platform: DevPlatform, tools: list[Tool], runs: int) -> None:
    """Warm the tools up, then launch them in turn, each going first in its turn."""
    with requests.Session() as http:
        for i in range(WARM_UP):
            for tool in tools:
                launch_once(platform, http, tool, LEARNERS[i % len(LEARNERS)])
        for tool in tools:
            tool.samples.clear()
            tool.statements.clear()
            tool.commits.clear()
        for i in range(runs):
            for tool in tools[i % len(tools):] + tools[: i % len(tools)]:
                launch_once(platform, http, tool, LEARNERS[i % len(LEARNERS)])


def launch_once(platform: DevPlatform, http: requests.Session, tool: Tool, learner: tuple[str, str]) -> None:
    """One complete launch from a new browser; the tool's requests are timed, the platform's are not."""
    browser = tool.app.test_client()
    steps: dict[str, float] = {}
    if tool.sql is not None:
        tool.sql.reset()

    def step(name: str, call: Callable[[], TestResponse]) -> TestResponse:
        if tool.sql is not None:
            tool.sql.mark(name)
        return timed(steps, name, call)

    login_url, form = platform.login_initiation(*learner, client_id=tool.client_id)
    login = step("login", lambda: send(browser, "POST", login_url, form))
    expect(login, (302, 303), tool, "login")
    auth = http.get(login.headers["Location"], timeout=10)  # the platform's part
    action, fields = read_form(auth.text)
    launch = step("launch", lambda: send(browser, "POST", action, fields))
    if launch.status_code in (302, 303):
        page_url = urljoin(action, launch.headers["Location"])
        launch = step("page", lambda: send(browser, "GET", page_url))
    expect(launch, (200,), tool, "first page")
    tool.samples.append(steps)
    if tool.sql is not None:
        tool.statements.append(list(tool.sql.statements))
        tool.commits.append(tool.sql.commits)


def send(browser: FlaskClient, method: str, url: str, form: dict[str, str] | None = None) -> TestResponse:
    """A request to the tool at its own URL (scheme, host and port make its origin)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return browser.open(path, method=method, data=form, base_url=f"{parts.scheme}://{parts.netloc}")


def timed(steps: dict[str, float], name: str, call: Callable[[], TestResponse]) -> TestResponse:
    started = time.perf_counter()
    response = call()
    steps[name] = (time.perf_counter() - started) * 1000
    return response


def expect(response: Any, statuses: tuple[int, ...], tool: Tool, step: str) -> None:
    if response.status_code not in statuses:
        raise RuntimeError(f"{tool.name}, {step}: {response.status_code} {response.get_data(as_text=True)[:300]}")


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
    """The auto-submitted form of the platform's /auth page: its action and hidden fields."""
    reader = _FormReader()
    reader.feed(html)
    return reader.action, reader.fields


def figures(tool: Tool) -> LaunchFigures:
    totals = sorted(sum(steps.values()) for steps in tool.samples)
    names = dict.fromkeys(name for steps in tool.samples for name in steps)
    return LaunchFigures(
        tool=tool.name,
        runs=len(totals),
        median_ms=statistics.median(totals),
        p95_ms=totals[round(0.95 * (len(totals) - 1))],
        statements=statistics.mean(_sql_count(s) for s in tool.statements) if tool.statements else 0.0,
        commits=statistics.mean(tool.commits) if tool.commits else 0.0,
        step_ms={name: statistics.median(s.get(name, 0.0) for s in tool.samples) for name in names},
        step_statements={name: statistics.mean(_per_step(s).get(name, 0) for s in tool.statements)
                         for name in names} if tool.statements else {},  # fmt: skip
    )


def _sql_count(statements: list[str]) -> int:
    return sum(_per_step(statements).values())


def _per_step(statements: list[str]) -> dict[str, int]:
    """How many statements (COMMIT aside) each step sent."""
    counts: dict[str, int] = {}
    step = ""
    for statement in statements:
        if statement.startswith("-- "):
            step = statement[3:]
        elif statement != "COMMIT":
            counts[step] = counts.get(step, 0) + 1
    return counts


def print_figures(database_url: str, results: list[LaunchFigures]) -> None:
    print(f"\ncomplete launches (login, platform, launch, first page), in turn; {_where(database_url)}")
    print(f"{'tool':30} {'launches':>8} {'median ms':>10} {'p95 ms':>8} {'SQL':>5} {'commits':>8}   "
          "steps: median ms (SQL)")
    for f in results:
        steps = ", ".join(f"{name} {ms:.2f}" + (f" ({f.step_statements[name]:.0f})" if f.step_statements else "")
                          for name, ms in f.step_ms.items())  # fmt: skip
        sql = f"{f.statements:5.1f} {f.commits:8.1f}" if f.tool == THIS else f"{'-':>5} {'-':>8}"
        print(f"{f.tool:30} {f.runs:8} {f.median_ms:10.2f} {f.p95_ms:8.2f} {sql}   {steps}")
    print(f"ratio this tool / {REFERENCE} (median): {ratio(results):.2f}  (goal: at most 1.00); "
          f"/ {LEAN_REFERENCE}: {ratio(results, LEAN_REFERENCE):.2f}")


def print_statements(statements: list[str]) -> None:
    """The SQL of one launch of this tool, in order, step by step."""
    print(f"\nSQL of one launch of {THIS}:")
    for n, statement in enumerate(statements, 1):
        print(f"{n:3}. {statement[:160]}")


def _where(database_url: str) -> str:
    return make_url(database_url).render_as_string(hide_password=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200, help="launches of each tool")
    parser.add_argument("--show-statements", action="store_true", help="print the SQL of one launch")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'bench.sqlite3'}"
    compare_launches(url, args.runs, args.show_statements)


if __name__ == "__main__":
    main()
