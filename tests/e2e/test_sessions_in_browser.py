"""Launch sessions in a real browser: the tool framed by an LMS on another site, as in Moodle.

The dev platform is on localhost and the tool on 127.0.0.1, two sites, so the
tool's session cookie is a third-party, partitioned cookie (loopback counts as a
secure origin, so Chromium keeps a Secure cookie over plain HTTP there).
"""
from __future__ import annotations

from selenium.webdriver.common.by import By

from . import frame


def _reload_frame_text(chrome) -> str:
    frame.reload(chrome)
    return chrome.find_element(By.TAG_NAME, "main").text


def test_two_tabs_in_two_courses_work_and_a_copied_link_opens_nothing_elsewhere(
    chrome, another_chrome, platform_server, registered, tool_server
) -> None:
    roubaix = frame.launch_in_frame(chrome, platform_server.url, "Inès Belkacem")
    first_tab = chrome.current_window_handle
    chrome.switch_to.new_window("tab")
    lille = frame.launch_in_frame(chrome, platform_server.url, "Sarah Lefebvre")
    assert "Bonjour Sarah" in _reload_frame_text(chrome)

    chrome.switch_to.window(first_tab)
    chrome.switch_to.frame(chrome.find_element(By.TAG_NAME, "iframe"))
    assert "Bonjour Inès" in _reload_frame_text(chrome)

    for copied in (roubaix, lille):
        another_chrome.get(copied)
        text = another_chrome.find_element(By.TAG_NAME, "main").text
        assert "autre navigateur" in text and "Bonjour" not in text
