"""Driving the tool inside the platform's iframe, as a learner's browser shows it.

Chromedriver loses its place when the framed document is replaced under it: on a loaded
machine, a command sent while the frame navigated left the driver in the platform's top
page (seen in CI: the frame had reached the next page, the driver was reading the launch
page and the old link was "not found" rather than stale, so waiting for staleness never
ended). So every wait for a new page here goes back into the frame from the top page
each time it looks, instead of trusting the driver to still be there.
"""
from __future__ import annotations

from collections.abc import Callable

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

_OLD_DOCUMENT = "document.documentElement.dataset.leaving = 'yes'"
_NEW_TOOL_PAGE = (
    "return document.readyState === 'complete' && !document.documentElement.dataset.leaving"
    " && location.hostname === '127.0.0.1' && !location.pathname.startsWith('/lti/')"
)


def launch_in_frame(chrome, platform_url: str, person: str) -> str:
    """Launch from the platform's home page; return the URL of the tool's page once it is in the frame."""
    chrome.switch_to.default_content()
    chrome.get(platform_url + "/")
    chrome.find_element(By.XPATH, f"//*[normalize-space()='Lancer en tant que {person}']").click()
    _wait_for_new_tool_page(chrome)
    return chrome.execute_script("return location.href")


def click(chrome, element) -> None:
    """Follow a link or press a button in the frame, and return once the next tool page is there.

    The click is dispatched on the element itself, so where it sits on the screen at that
    instant does not matter.
    """
    chrome.execute_script(_OLD_DOCUMENT)
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)
    _wait_for_new_tool_page(chrome)


def reload(chrome) -> None:
    """Reload the framed page and return once the new copy is there."""
    chrome.execute_script(_OLD_DOCUMENT + "; location.reload()")
    _wait_for_new_tool_page(chrome)


def _wait_for_new_tool_page(chrome, seconds: float = 20) -> None:
    WebDriverWait(chrome, seconds).until(_in_frame(lambda: chrome.execute_script(_NEW_TOOL_PAGE)))


def _in_frame(check: Callable[[], bool]) -> Callable[[object], bool]:
    """A wait condition that first enters the platform page's iframe, wherever the driver was left."""

    def condition(chrome) -> bool:
        chrome.switch_to.default_content()
        chrome.switch_to.frame(chrome.find_element(By.TAG_NAME, "iframe"))
        return bool(check())

    return condition
