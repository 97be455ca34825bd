"""A real browser (Debian's headless Chromium, driven by Selenium) for the end-to-end checks.

`make test` installs chromium and chromium-driver when it can (scripts/ensure-browser.sh);
where they truly cannot exist, the tests are skipped with the reason shown.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


@pytest.fixture
def chrome() -> Iterator[object]:
    """A phone-sized headless Chromium: a 360 px wide viewport (device emulation, since a
    headless window is never narrower than 500 px)."""
    driver = _start_chrome()
    yield driver
    driver.quit()


@pytest.fixture
def another_chrome() -> Iterator[object]:
    """A second browser with its own empty profile: someone else's computer."""
    driver = _start_chrome()
    yield driver
    driver.quit()


def _start_chrome() -> object:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("Chromium or chromedriver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 360, "height": 800, "pixelRatio": 2}})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    return driver
