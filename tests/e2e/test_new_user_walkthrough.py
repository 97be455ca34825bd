"""The issue's "done means", as a new user would do it, in a real browser on a 360 px screen.

Open the dev platform, launch as a learner (the tool in an iframe, a real LTI
launch across two host names), read a module to the end, see it completed;
then launch as the tutor and see that learner with the module completed (in the grid of modules).
"""
from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from lms_service.content import get_catalogue

from ..quiz_taking import SLUG, right_answers, right_fields
from . import frame

MODULE_TITLE = "Le développement web"


def _no_horizontal_scroll(chrome) -> bool:
    """True when nothing is wider than the screen; otherwise the assertion says what was measured."""
    widths = chrome.execute_script("return [document.documentElement.scrollWidth, window.innerWidth, location.href]")
    assert widths[0] <= widths[1] + 1, f"page {widths[2]} is {widths[0]} px wide on a {widths[1]} px screen"
    return True


def _answer(chrome, fields: list[tuple[str, str]]) -> None:
    """Give each answer in the quiz form as a learner would: tick, choose a place, or type."""
    for name, value in fields:
        field = chrome.find_element(By.NAME, name)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        elif field.get_attribute("type") in ("radio", "checkbox"):
            box = chrome.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]')
            chrome.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", box)
        else:
            field.clear()
            field.send_keys(value)


def _answers_shown(chrome) -> list[str]:
    """What the quiz form shows as answered: ticked options, typed values, places chosen."""
    return chrome.execute_script(
        "return [...document.querySelectorAll('fieldset.answering input, fieldset.answering select')]"
        ".filter(f => (f.type === 'radio' || f.type === 'checkbox') ? f.checked : f.value !== '')"
        ".map(f => f.name + '=' + f.value)"
    )


def test_learner_reads_a_module_then_passes_its_quiz_and_the_tutor_sees_it(
    app, chrome, platform_server, registered, tool_server
) -> None:
    frame.launch_in_frame(chrome, platform_server.url, "Inès Belkacem")
    assert "Bonjour Inès" in chrome.find_element(By.TAG_NAME, "h1").text
    assert _no_horizontal_scroll(chrome)

    frame.click(chrome, chrome.find_element(By.LINK_TEXT, MODULE_TITLE))
    pages = 0
    while True:
        pages += 1
        assert _no_horizontal_scroll(chrome), chrome.current_url
        nexts = chrome.find_elements(By.CSS_SELECTOR, "a[rel=next]")
        if not nexts:
            break
        frame.click(chrome, nexts[0])
    assert pages >= 6
    assert "il reste à réussir le quiz" in chrome.find_element(By.CSS_SELECTOR, "[role=status]").text
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, "Répondre au quiz en ligne"))
    with app.app_context():
        _answer(chrome, right_answers(get_catalogue().get(SLUG)))
    frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "button[name=valider]"))
    assert "Bravo, c'est réussi" in chrome.find_element(By.CSS_SELECTOR, "[role=status]").text
    frame.launch_in_frame(chrome, platform_server.url, "Inès Belkacem")

    card = chrome.find_element(By.XPATH, f"//li[.//a[normalize-space()='{MODULE_TITLE}']]")
    assert "Terminé" in card.text

    frame.launch_in_frame(chrome, platform_server.url, "Nadia Haddad")
    assert "Suivi des apprenants" in chrome.find_element(By.TAG_NAME, "h1").text
    row = chrome.find_element(By.XPATH, "//tr[.//a[contains(., 'Inès Belkacem')]]")
    assert "1 /" in row.text
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, "Afficher la grille des modules"))
    column = chrome.execute_script(
        "return [...document.querySelectorAll('table.learners-grid thead th')].findIndex(th => th.textContent.trim() "
        "=== arguments[0])", MODULE_TITLE)  # fmt: skip
    row = chrome.find_element(By.XPATH, "//tr[.//a[contains(., 'Inès Belkacem')]]")
    assert column > 0 and row.find_elements(By.CSS_SELECTOR, "th, td")[column].text.startswith("Terminé")
    assert "Afpa Roubaix" in chrome.find_element(By.TAG_NAME, "main").text


def test_keyboard_users_can_skip_to_the_content(chrome, platform_server, registered, tool_server) -> None:
    """The first thing a keyboard reaches is a visible "skip to content" link to the main region."""
    frame.launch_in_frame(chrome, platform_server.url, "Kévin Dufour")
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
    frame.launch_in_frame(chrome, platform_server.url, "Kévin Dufour")
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, MODULE_TITLE))
    while not chrome.find_elements(By.LINK_TEXT, "Répondre au quiz en ligne"):
        frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "a[rel=next]"))
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, "Répondre au quiz en ligne"))
    assert "Quiz : " + MODULE_TITLE in chrome.find_element(By.TAG_NAME, "h1").text
    assert _no_horizontal_scroll(chrome)

    frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "button[name=valider]"))
    assert "Essai 1" in chrome.find_element(By.TAG_NAME, "h1").text
    assert "pour réussir" in chrome.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "La bonne réponse" not in chrome.find_element(By.TAG_NAME, "main").text
    assert _no_horizontal_scroll(chrome)


def test_learner_takes_the_entry_test_on_a_phone_resumes_after_a_reload_and_sees_each_part(
    app, chrome, platform_server, registered, tool_server
) -> None:
    """From the path to the test's results: screens of a few questions, the time left, a reload that loses nothing."""
    with app.app_context():
        test = get_catalogue().get("test-de-positionnement")
    frame.launch_in_frame(chrome, platform_server.url, "Kévin Dufour")
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, test.title))
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, "Passer le test"))
    assert "une seule fois" in chrome.find_element(By.TAG_NAME, "main").text
    frame.click(chrome, chrome.find_element(By.XPATH, "//button[normalize-space()='Commencer le test']"))

    screens = 0
    while True:
        screens += 1
        assert _no_horizontal_scroll(chrome)
        assert "Il reste" in chrome.find_element(By.ID, "time-left").text
        asked = [f.get_attribute("id")[2:] for f in chrome.find_elements(By.CSS_SELECTOR, "fieldset.answering")]
        assert 1 <= len(asked) <= 4  # three at most, or a passage with its four questions
        _answer(chrome, right_fields(test.questions[qid] for qid in asked))
        if screens == 2:  # the connection drops and the page comes back: the answers given are still there
            given = _answers_shown(chrome)
            frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "button[name=suivant]"))
            frame.reload(chrome)
            frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "button[name=precedent]"))
            assert _answers_shown(chrome) == given and given
        finish = chrome.find_elements(By.CSS_SELECTOR, "button[name=terminer]")
        frame.click(chrome, finish[0] if finish else chrome.find_element(By.CSS_SELECTOR, "button[name=suivant]"))
        if finish:
            break
    assert screens >= 8
    assert "Votre résultat au test" in chrome.find_element(By.TAG_NAME, "h1").text
    assert chrome.find_element(By.TAG_NAME, "table").text.count("Repère atteint") == 3
    assert _no_horizontal_scroll(chrome)
