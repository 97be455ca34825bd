"""Issue 13's « done means », in a real browser inside the dev platform's frame, on a 360 px screen.

Kévin (remote) fails the same quiz twice; Nadia opens the tool: the worker reads
the course's roster and counts the course, so she sees every enrolled learner,
Yasmine who never launched included; she filters the remote learners to call,
reads why, makes herself Kévin's référent, and downloads the list as CSV, which
opens right in a French Excel (BOM, « ; »).
"""
from __future__ import annotations

import csv
import io
import threading

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from lms_service.content import get_catalogue
from lms_service.db import utcnow
from lms_service.risk.course_pass import refresh_due
from lms_service.roster.reading import read_due_rosters

from . import frame

MODULE_TITLE = "Le développement web"


def _fail_the_quiz_twice(chrome, platform_url: str) -> None:
    frame.launch_in_frame(chrome, platform_url, "Kévin Dufour")
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, MODULE_TITLE))
    while not chrome.find_elements(By.LINK_TEXT, "Répondre au quiz en ligne"):
        frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "a[rel=next]"))
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, "Répondre au quiz en ligne"))
    frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "button[name=valider]"))
    frame.click(chrome, chrome.find_element(By.LINK_TEXT, "Refaire le quiz"))
    frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "button[name=valider]"))
    assert "Essai 2" in chrome.find_element(By.TAG_NAME, "h1").text


def _worker_round(app) -> None:
    """What the worker does when idle: read the rosters due, then count the courses due."""
    with app.app_context():
        read_due_rosters(app.extensions["db"], "walkthrough-worker", stop=threading.Event())
        refresh_due(app.extensions["db"], get_catalogue().nursery(), utcnow)


def test_a_referent_sees_the_whole_roster_filters_those_to_call_assigns_and_downloads(
    app, chrome, platform_server, registered, tool_server
) -> None:
    _fail_the_quiz_twice(chrome, platform_server.url)
    frame.launch_in_frame(chrome, platform_server.url, "Nadia Haddad")  # asks for the roster
    _worker_round(app)
    frame.reload(chrome)
    main = chrome.find_element(By.TAG_NAME, "main").text
    assert "Yasmine Benali" in main and "Aucune connexion" in main  # enrolled, never launched
    assert "à appeler" in chrome.find_element(By.CSS_SELECTOR, ".figure-list").text

    chrome.find_element(By.CSS_SELECTOR, ".filters-box summary").click()
    Select(chrome.find_element(By.ID, "modalite")).select_by_value("distance")
    Select(chrome.find_element(By.ID, "statut")).select_by_value("risque")
    frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, ".list-filters button[type=submit]"))
    rows = chrome.find_elements(By.CSS_SELECTOR, "table.learners tbody tr")
    assert [row.find_element(By.CSS_SELECTOR, "th a").text for row in rows][:1] == ["Kévin Dufour"]
    assert "Un quiz échoué 2 fois" in rows[0].text
    assert all("À distance" in row.text for row in rows)

    box = rows[0].find_element(By.CSS_SELECTOR, "input[name=learner]")
    chrome.execute_script("arguments[0].click()", box)
    Select(chrome.find_element(By.ID, "referent")).select_by_visible_text("Nadia Haddad")
    frame.click(chrome, chrome.find_element(By.CSS_SELECTOR, "button[name=action][value=referent]"))
    assert "Référent enregistré pour 1 apprenant." in chrome.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "Nadia Haddad" in chrome.find_element(By.XPATH, "//tr[.//a[contains(., 'Kévin Dufour')]]").text

    href = chrome.find_element(By.PARTIAL_LINK_TEXT, "Télécharger la liste").get_attribute("href")
    cookies = {cookie["name"]: cookie["value"] for cookie in chrome.get_cookies()}  # the launch's binding cookie
    download = requests.get(href, cookies=cookies, timeout=30)
    assert download.status_code == 200 and download.content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0][0] == "Apprenant" and [line[0] for line in table[1:]] == ["Kévin Dufour"]
