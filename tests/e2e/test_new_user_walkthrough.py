"""The issue's "done means", as a new user would do it, in a real browser on a 360 px screen.

Open the dev platform, launch as a learner (the tool in an iframe, a real LTI
launch across two host names), read a module to the end, see it completed;
then launch as the tutor and see that learner with the module completed.
"""
from __future__ import annotations

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

MODULE_TITLE = "Le développement web"


def _launch(chrome, platform_url: str, person: str) -> None:
    """Launch from the platform's home page; return once the tool's page is in the frame."""
    chrome.switch_to.default_content()
    chrome.get(platform_url + "/")
    chrome.find_element(By.XPATH, f"//*[normalize-space()='Lancer en tant que {person}']").click()
    chrome.switch_to.frame(chrome.find_element(By.TAG_NAME, "iframe"))
    WebDriverWait(chrome, 10).until(
        lambda driver: driver.execute_script(
            "return document.readyState === 'complete' && location.hostname === '127.0.0.1'"
            " && !location.pathname.startsWith('/lti/')"
        )
    )


def _click(chrome, element) -> None:
    """Click a link and wait until the frame has left the old page.

    A pointer click inside the iframe once went nowhere on a loaded machine (no navigation in
    10 s, cause not found); dispatching the click on the link itself does not depend on where
    the link sits on the screen at that instant.
    """
    href = element.get_attribute("href")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)
    try:
        WebDriverWait(chrome, 20).until(expected_conditions.staleness_of(element))
    except TimeoutException as waited:  # once seen under load, not reproduced since: say what the frame did
        state = chrome.execute_script("return [location.href, document.readyState, performance.now()]")
        raise AssertionError(f"no navigation to {href} in 20 s; frame at {state[0]} ({state[1]}, {state[2]:.0f} ms)") from waited


def _no_horizontal_scroll(chrome) -> bool:
    """True when nothing is wider than the screen; otherwise the assertion says what was measured."""
    widths = chrome.execute_script("return [document.documentElement.scrollWidth, window.innerWidth, location.href]")
    assert widths[0] <= widths[1] + 1, f"page {widths[2]} is {widths[0]} px wide on a {widths[1]} px screen"
    return True


def test_learner_reads_a_module_to_the_end_then_the_tutor_sees_it(chrome, platform_server, registered, tool_server) -> None:
    _launch(chrome, platform_server.url, "Inès Belkacem")
    assert "Bonjour Inès" in chrome.find_element(By.TAG_NAME, "h1").text
    assert _no_horizontal_scroll(chrome)

    _click(chrome, chrome.find_element(By.LINK_TEXT, MODULE_TITLE))
    pages = 0
    while True:
        pages += 1
        assert _no_horizontal_scroll(chrome), chrome.current_url
        nexts = chrome.find_elements(By.CSS_SELECTOR, "a[rel=next]")
        if not nexts:
            break
        _click(chrome, nexts[0])
    assert pages >= 6
    _click(chrome, chrome.find_element(By.LINK_TEXT, "Revenir à mon parcours"))

    status = chrome.find_element(By.CSS_SELECTOR, "[role=status]")
    assert f"Bravo, vous avez terminé le module « {MODULE_TITLE} »" in status.text
    card = chrome.find_element(By.XPATH, f"//li[.//a[normalize-space()='{MODULE_TITLE}']]")
    assert "Terminé" in card.text

    _launch(chrome, platform_server.url, "Nadia Haddad")
    assert "Suivi des apprenants" in chrome.find_element(By.TAG_NAME, "h1").text
    row = chrome.find_element(By.XPATH, "//tr[.//a[contains(., 'Inès Belkacem')]]")
    assert "1 /" in row.text and MODULE_TITLE in row.text
    assert "Afpa Roubaix" in chrome.find_element(By.TAG_NAME, "main").text


def test_keyboard_users_can_skip_to_the_content(chrome, platform_server, registered, tool_server) -> None:
    """The first thing a keyboard reaches is a visible "skip to content" link to the main region."""
    _launch(chrome, platform_server.url, "Kévin Dufour")
    first = chrome.execute_script(
        "return document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])')"
    )
    assert first.text.strip() == "" or first.get_attribute("href").endswith("#contenu")
    chrome.execute_script("arguments[0].focus()", first)
    assert first.text == "Aller au contenu"
    assert chrome.execute_script("return arguments[0].getBoundingClientRect().left >= 0", first)
    assert chrome.find_element(By.ID, "contenu").tag_name == "main"


def test_learner_fails_a_quiz_then_sees_why_on_a_phone(chrome, platform_server, registered, tool_server) -> None:
    """From a page with questions to the module's quiz, a submission with nothing ticked, and its result."""
    _launch(chrome, platform_server.url, "Kévin Dufour")
    _click(chrome, chrome.find_element(By.LINK_TEXT, MODULE_TITLE))
    while not chrome.find_elements(By.LINK_TEXT, "Répondre au quiz en ligne"):
        _click(chrome, chrome.find_element(By.CSS_SELECTOR, "a[rel=next]"))
    _click(chrome, chrome.find_element(By.LINK_TEXT, "Répondre au quiz en ligne"))
    assert "Quiz : " + MODULE_TITLE in chrome.find_element(By.TAG_NAME, "h1").text
    assert _no_horizontal_scroll(chrome)

    submit = chrome.find_element(By.CSS_SELECTOR, "button[name=valider]")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", submit)
    WebDriverWait(chrome, 20).until(expected_conditions.staleness_of(submit))
    assert "Essai 1" in chrome.find_element(By.TAG_NAME, "h1").text
    assert "pour réussir" in chrome.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "La bonne réponse" not in chrome.find_element(By.TAG_NAME, "main").text
    assert _no_horizontal_scroll(chrome)
