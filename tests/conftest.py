"""Project-wide fixtures: the tool and the dev platform, both served over real HTTP on loopback.

The tool answers on 127.0.0.1 and the platform on localhost, two host names,
so cookies never cross between them, as with a real LMS. The database is the
one TestConfig names: SQLite by default, PostgreSQL when TEST_DATABASE_URL is set.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from flask import Flask
from sqlalchemy import delete, select, text, update

from config import TestConfig
from devplatform import PlatformSettings
from devplatform import create_app as create_platform_app
from devplatform.platform import Platform as DevPlatform
from devplatform.seed import ROUBAIX
from lms_service import create_app
from lms_service.cli import migrate
from lms_service.db import Base, get_engine, get_session
from lti import keys
from lti.models import Deployment, Lms, Platform, ToolKey

from .factories import Factories
from .lti_browser import LtiBrowser
from .servers import ServerThread
from .sql_counting import Sql, counting

DEV_CLIENT_ID = "dev-tool"
DEV_DEPLOYMENT_ID = "1"
REGISTERED_NAME = "Plateforme de test"
# Tables that keep the fixtures' registration and keys between tests.
KEPT = {"lti_lms", "lti_platform", "lti_deployment", "lti_tool_key", "alembic_version"}


def _reset_schema(app: Flask) -> None:
    """Drop everything, then build the schema with the real migrations."""
    engine = get_engine()
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    migrate()


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    app = create_app(TestConfig)
    with app.app_context():
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        _reset_schema(app)
        keys.ensure_tool_key(get_session())
        get_session().commit()
    yield app


@pytest.fixture(scope="session")
def tool_server(app: Flask) -> Iterator[ServerThread]:
    server = ServerThread(host="127.0.0.1").start(app)
    app.config["TOOL_BASE_URL"] = server.url
    yield server
    server.stop()


@pytest.fixture(scope="session")
def platform_server(tool_server: ServerThread, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    """The dev platform on localhost, registered in the tool as the LMS would be by hand."""
    server = ServerThread(host="localhost")
    settings = PlatformSettings(
        url=server.url,
        tool_url=tool_server.url,
        client_id=DEV_CLIENT_ID,
        deployment_id=DEV_DEPLOYMENT_ID,
        key_path=tmp_path_factory.mktemp("devplatform") / "key.pem",
        testing=True,
    )
    server.start(create_platform_app(settings))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def registered(app: Flask, platform_server: ServerThread) -> int:
    """The dev platform's registration row in the tool; returns its id."""
    with app.app_context():
        session = get_session()
        row = Platform(
            lms=Lms(issuer=platform_server.url, name=REGISTERED_NAME),
            issuer=platform_server.url,
            client_id=DEV_CLIENT_ID,
            name=REGISTERED_NAME,
            auth_login_url=f"{platform_server.url}/auth",
            auth_token_url=f"{platform_server.url}/token",
            key_set_url=f"{platform_server.url}/jwks",
        )
        row.deployments.append(Deployment(deployment_id=DEV_DEPLOYMENT_ID))
        session.add(row)
        session.commit()
        return row.id


@pytest.fixture
def platform(platform_server: ServerThread, registered: int) -> DevPlatform:
    """The dev platform's in-process object: people, courses, signing, what AGS received."""
    return platform_server.late.app.extensions["devplatform"]  # type: ignore[union-attr]


@pytest.fixture
def browser(platform: DevPlatform) -> LtiBrowser:
    return LtiBrowser(platform)


@pytest.fixture
def make(db, registered: int) -> Factories:
    """Rows made directly (tests/factories.py), on the registered dev platform's LMS."""
    return Factories(db, db.get(Platform, registered).lms_id)


@dataclass
class Visitor:
    """Someone who launched the tool from a course, browsing with their launch token."""

    browser: LtiBrowser
    base: str
    token: str

    def get(self, path: str) -> requests.Response:
        separator = "&" if "?" in path else "?"
        return self.browser.http.get(f"{self.base}{path}{separator}lt={self.token}", timeout=10)


@pytest.fixture
def visit(platform: DevPlatform, tool_server: ServerThread) -> Callable[..., Visitor]:
    """Launch as a persona of the dev platform, for real: `visit("julien-lemaire").get("/author/")`."""

    def launch(user_id: str, context_id: str = ROUBAIX) -> Visitor:
        browser = LtiBrowser(platform)
        launched = browser.launch(user_id, context_id)
        assert launched.token, launched.response.text[:500]
        return Visitor(browser, tool_server.url, launched.token)

    return launch


@pytest.fixture
def db(app: Flask) -> Iterator[object]:
    """A session in an app context, for reading what the tool stored."""
    with app.app_context():
        yield get_session()


@pytest.fixture(autouse=True)
def clean_tables(app: Flask) -> Iterator[None]:
    """Each test starts from the registration and keys alone."""
    yield
    with app.app_context():
        session = get_session()
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT:
                session.execute(delete(table))
        session.execute(delete(Platform).where(Platform.name != REGISTERED_NAME))
        session.execute(delete(Lms).where(Lms.name != REGISTERED_NAME))
        first_key = session.scalars(select(ToolKey.id).order_by(ToolKey.id).limit(1)).first()
        session.execute(delete(ToolKey).where(ToolKey.id != first_key))
        session.execute(update(ToolKey).values(retired_at=None))
        session.commit()


@pytest.fixture
def sql(app: Flask) -> Callable[[], AbstractContextManager[Sql]]:
    """`with sql() as seen:` counts the statements and commits the tool sends inside the block."""
    with app.app_context():
        engine = get_engine()
    return lambda: counting(engine)
