"""Every page of every module reads on a 360 px phone: nothing wider than the screen, every picture shown."""
from __future__ import annotations

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue

from ..lti_browser import LtiBrowser


def test_no_module_page_is_wider_than_a_phone(chrome, app, browser: LtiBrowser, tool_server) -> None:
    token = browser.launch("ines-belkacem", ROUBAIX).token
    with app.app_context():
        pages = [(m.slug, p.id) for m in get_catalogue().ordered() for p in m.pages]
    too_wide, pictures, unseen = [], 0, []
    for slug, page_id in pages:
        chrome.get(f"{tool_server.url}/modules/{slug}/{page_id}?lt={token}")
        if not chrome.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"):
            too_wide.append(f"{slug}/{page_id}")
        shown = chrome.execute_script(_PICTURES)
        pictures += len(shown)
        unseen += [f"{slug}/{page_id}: {src}" for src, ok in shown if not ok]
    assert chrome.execute_script("return window.innerWidth") <= 360
    assert len(pages) >= 120
    assert too_wide == []
    assert pictures >= 30 and unseen == []


# Each picture of the page's text: loaded, with a text alternative, no wider than the screen.
_PICTURES = """
return Array.from(document.querySelectorAll('main img')).map(img => [img.getAttribute('src'),
  img.complete && img.naturalWidth > 0 && (img.getAttribute('alt') || '').trim().length > 20
  && img.getBoundingClientRect().width <= window.innerWidth]);
"""


def test_no_quiz_is_wider_than_a_phone(chrome, app, browser: LtiBrowser, tool_server) -> None:
    """Every module's quiz, with its fields (choices, numbers, places to give), fits 360 px."""
    token = browser.launch("ines-belkacem", ROUBAIX).token
    with app.app_context():
        slugs = [m.slug for m in get_catalogue().ordered() if m.questions and m.kind != "entry-test"]
    too_wide = []
    for slug in slugs:
        chrome.get(f"{tool_server.url}/quiz/{slug}/?lt={token}")
        assert chrome.find_elements("css selector", "form#quiz-form fieldset.answering"), slug
        if not chrome.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"):
            too_wide.append(slug)
    assert len(slugs) >= 10
    assert too_wide == []
