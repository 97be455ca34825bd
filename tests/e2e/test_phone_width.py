"""Every page of every module, every quiz and every question of the entry test read on a 360 px phone."""
from __future__ import annotations

from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from devplatform.seed import ROUBAIX
from lms_service.assessments.draw import DrawnSection, to_json
from lms_service.assessments.entry_test import screens
from lms_service.content import get_catalogue
from lms_service.content.units import section_units
from lms_service.models import Attempt

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


def test_every_question_of_the_entry_test_fits_a_phone(chrome, app, db, browser: LtiBrowser, tool_server) -> None:
    """The whole bank, not one draw: the attempt is given every unit of every section, then each screen is laid
    out 320 px wide, narrower than the LMS frame on a 360 px phone (326 px in the dev platform)."""
    token = browser.launch("ines-belkacem", ROUBAIX).token
    chrome.get(f"{tool_server.url}/test/test-de-positionnement/?lt={token}")
    chrome.find_element("xpath", "//button[normalize-space()='Commencer le test']").click()
    WebDriverWait(chrome, 10).until(lambda driver: "/ecran/" in driver.current_url)
    with app.app_context():
        test = get_catalogue().get("test-de-positionnement")
        assert test is not None
        everything = [DrawnSection(s.id, tuple(section_units(test.questions.values(), s.id))) for s in test.sections]
        attempt = db.scalars(select(Attempt).where(Attempt.module_slug == test.slug)).one()
        attempt.drawn = to_json(everything)
        attempt.question_ids = [qid for part in everything for qid in part.question_ids]
        db.commit()
        count = len(screens(test, everything))
    too_wide, asked = [], 0
    for number in range(1, count + 1):
        chrome.get(f"{tool_server.url}/test/test-de-positionnement/ecran/{number}?lt={token}")
        asked += len(chrome.find_elements("css selector", "fieldset.answering"))
        if chrome.execute_script(_WIDEST_AT_320) > 321:
            too_wide.append(number)
    assert asked == len(test.questions) >= 60
    assert too_wide == []


# The page laid out in 320 px (as in a frame), then the right edge of its widest element.
_WIDEST_AT_320 = """
document.documentElement.style.width = '320px';
return Math.max(...Array.from(document.querySelectorAll('body *')).map(e => e.getBoundingClientRect().right));
"""
