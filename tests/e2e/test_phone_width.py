"""Every page of every module reads on a 360 px phone: nothing wider than the screen."""
from __future__ import annotations

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue

from ..lti_browser import LtiBrowser


def test_no_module_page_is_wider_than_a_phone(chrome, app, browser: LtiBrowser, tool_server) -> None:
    token = browser.launch("ines-belkacem", ROUBAIX).token
    with app.app_context():
        pages = [(m.slug, p.id) for m in get_catalogue().ordered() for p in m.pages]
    too_wide = []
    for slug, page_id in pages:
        chrome.get(f"{tool_server.url}/modules/{slug}/{page_id}?lt={token}")
        if not chrome.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"):
            too_wide.append(f"{slug}/{page_id}")
    assert chrome.execute_script("return window.innerWidth") <= 360
    assert len(pages) >= 120
    assert too_wide == []
