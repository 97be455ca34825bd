"""Several processes are one service: two app processes on one database see the same things.

Two real processes (tests/app_process.py) serve the sample modules. The second
starts while a trainer's edit has broken a module: it serves the version the
first one serves, and its images. A launch made through the suite's server is
a session both processes honour, and both know the registered LMS.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from config import BASE_DIR, TestConfig
from devplatform.seed import ROUBAIX
from lms_service import create_app
from lms_service.content.loader import load_module

from ..lti_browser import LtiBrowser

SAMPLE = BASE_DIR / "tests" / "content" / "sample" / "modules"
READY_DEADLINE_SECONDS = 60


class Process:
    def __init__(self, modules_dir: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MODULES_DIR": str(modules_dir)}
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "tests.app_process", str(self.port)], cwd=BASE_DIR, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + READY_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError(f"the process on port {self.port} did not start in {READY_DEADLINE_SECONDS} s")

    def get(self, path: str) -> requests.Response:
        return requests.get(self.url + path, timeout=20, allow_redirects=False)

    def stop(self) -> None:
        self.popen.terminate()
        self.popen.wait(timeout=20)


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


@pytest.fixture
def modules_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "modules"))


def test_a_process_started_on_a_broken_module_serves_what_the_other_serves(
    processes, modules_dir, platform, tool_server, db
) -> None:
    token = LtiBrowser(platform).launch("ines-belkacem", ROUBAIX).token
    module = load_module(modules_dir / "exemple", modules_dir.parent).module
    assert module is not None and token
    page = f"/modules/exemple/{module.pages[0].id}?lt={token}"
    first = Process(modules_dir)
    processes.append(first)
    from_first = first.get(page)
    assert from_first.status_code == 200
    image = re.search(r'src="(/content/exemple/[0-9a-f]{8}/images/schema\.png)"', from_first.text)
    assert image, "the sample page shows its picture"

    (modules_dir / "exemple" / "module.md").write_text("---\nslug: [cassé\n---\n", encoding="utf-8")
    second = Process(modules_dir)
    processes.append(second)

    from_second = second.get(page)
    assert from_second.status_code == 200 and image.group(1) in from_second.text
    picture = second.get(image.group(1))
    assert picture.status_code == 200
    assert picture.content == (SAMPLE / "exemple" / "images" / "schema.png").read_bytes()
    _, params = platform.login_initiation("ines-belkacem", ROUBAIX)
    for process in (first, second):
        login = requests.post(process.url + "/lti/login", data=params, allow_redirects=False, timeout=20)
        assert login.status_code == 302 and login.headers["Location"].startswith(platform.urls.auth)


@pytest.fixture
def worker(modules_dir: Path) -> Iterator[Callable[[], FlaskClient]]:
    """Apps in this process, each with its own memory, on the suite's database; edits not followed."""
    apps: list[Flask] = []

    class Worker(TestConfig):
        MODULES_DIR = modules_dir
        CONTENT_AUTO_RELOAD = False

    def start() -> FlaskClient:
        apps.append(create_app(Worker))
        return apps[-1].test_client()

    yield start
    for app in apps:
        app.extensions["db"].kw["bind"].dispose()


def test_an_image_of_a_version_another_worker_serves_is_found(worker, modules_dir, registered) -> None:
    """Worker A loaded version 1; the picture changed, worker B loaded version 2: each answers both URLs."""
    a = worker()
    a.get("/lti/jwks")  # its first request keeps the versions it loaded
    first = a.application.extensions["content"].get("exemple").version[:8]
    (modules_dir / "exemple" / "images" / "schema.png").write_bytes(b"\x89PNG\r\n\x1a\n version 2")
    b = worker()
    b.get("/lti/jwks")
    second = b.application.extensions["content"].get("exemple").version[:8]
    assert first != second

    old = b.get(f"/content/exemple/{first}/images/schema.png")
    new = a.get(f"/content/exemple/{second}/images/schema.png")
    assert old.status_code == new.status_code == 200
    assert old.data == (SAMPLE / "exemple" / "images" / "schema.png").read_bytes()
    assert new.data.endswith(b"version 2")
    assert b.get("/content/exemple/00000000/images/schema.png").status_code == 404
