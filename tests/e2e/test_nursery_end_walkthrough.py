"""Issue 14's « done means », in a real browser inside the dev platform's frame, on a 360 px screen.

Kévin has come to the tool once. Nadia, his référente, notes an on-site session
where he was present, writes a note, corrects his entry date (he entered six
weeks ago), closes his nursery with a review and a 3-month follow-up, opens the
programme's figures (retention and outcomes, with their counts), and downloads
the three exports, which open in a French Excel (BOM, « ; »), and his data as
JSON. Claire, administrator of the platform, erases him.
"""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from lms_service.db import utcnow
from lms_service.models import User

from . import frame

KEVIN = "Kévin Dufour"


def _go(chrome, text: str) -> None:
    """Follow the link whose words hold `text`."""
    frame.click(chrome, chrome.find_element(By.PARTIAL_LINK_TEXT, text))


def _press(chrome, words: str) -> None:
    frame.click(chrome, chrome.find_element(By.XPATH, f"//button[normalize-space()='{words}']"))


def _type(chrome, element_id: str, text: str) -> None:
    field = chrome.find_element(By.ID, element_id)
    chrome.execute_script("arguments[0].value = arguments[1]", field, text)


def _status(chrome) -> str:
    return chrome.find_element(By.CSS_SELECTOR, "[role=status]").text


def _download(chrome, link_text: str) -> requests.Response:
    """What the link gives the browser that shows it (the launch's binding cookie with it)."""
    href = chrome.find_element(By.PARTIAL_LINK_TEXT, link_text).get_attribute("href")
    cookies = {cookie["name"]: cookie["value"] for cookie in chrome.get_cookies()}
    answer = requests.get(href, cookies=cookies, timeout=30)
    assert answer.status_code == 200, (link_text, answer.status_code)
    return answer


def _excel_table(answer: requests.Response) -> list[list[str]]:
    assert answer.content.startswith("\ufeff".encode()) and answer.headers["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))


def _record_a_session(chrome) -> None:
    _go(chrome, "Présences aux séances")
    _type(chrome, "label", "Atelier CV")
    sheet = chrome.find_element(By.XPATH, f"//fieldset[legend[normalize-space()='{KEVIN}']]")
    chrome.execute_script("arguments[0].click()", sheet.find_element(By.CSS_SELECTOR, "input[value=present]"))
    _press(chrome, "Enregistrer la séance")  # the session's own page, where it can be changed
    assert "Atelier CV" in chrome.find_element(By.TAG_NAME, "h1").text
    _go(chrome, "Présences sur place")
    row = chrome.find_element(By.XPATH, "//tr[.//a[normalize-space()='Atelier CV']]")
    assert row.find_elements(By.TAG_NAME, "td")[1].text == "1"  # one presence


def _open_kevin(chrome) -> None:
    _go(chrome, "Suivi des apprenants")
    _go(chrome, KEVIN)


def _write_a_note_and_the_entry_date(chrome) -> None:
    _type(chrome, "entry_date", (utcnow().date() - timedelta(weeks=6)).isoformat())
    _press(chrome, "Enregistrer")
    assert "Modifications enregistrées." in _status(chrome)
    _go(chrome, "Notes des échanges")
    _type(chrome, "body", "Appel du lundi : veut viser le titre pro Développeur web.")
    _press(chrome, "Enregistrer la note")
    assert "veut viser le titre pro" in chrome.find_element(By.TAG_NAME, "main").text


def _close_the_nursery(chrome) -> None:
    _open_kevin(chrome)
    _go(chrome, "Bilan de fin de nurserie")
    chrome.execute_script("arguments[0].click()", chrome.find_element(By.CSS_SELECTOR, "input[name=outcome][value=training]"))
    _type(chrome, "training", "Titre professionnel Développeur web")
    _type(chrome, "organisation", "Afpa Roubaix")
    Select(chrome.find_element(By.ID, "financing")).select_by_value("prf")
    _press(chrome, "Enregistrer le bilan")
    assert "Entrée en formation" in chrome.find_element(By.TAG_NAME, "main").text
    chrome.execute_script("arguments[0].click()",
                          chrome.find_element(By.CSS_SELECTOR, "input[name=state][value=in_training]"))  # fmt: skip
    _type(chrome, "noted_on-3", utcnow().date().isoformat())
    _press(chrome, "Enregistrer le suivi à 3 mois")
    assert "En formation" in chrome.find_element(By.TAG_NAME, "main").text


def _read_the_figures(chrome) -> None:
    _go(chrome, "Suivi des apprenants")
    _go(chrome, "Chiffres du programme")
    summary = chrome.find_element(By.ID, "en-bref").find_element(By.XPATH, "..").text
    assert "Maintien : 1 sur 1 (100" in summary  # entered six weeks ago, active since: kept, and counted
    assert "Formation ou projet défini : 1 sur 1 (100" in summary
    assert chrome.find_elements(By.CSS_SELECTOR, "svg[role=img]")  # the pictures, beside their tables


def _download_the_exports(chrome) -> None:
    _go(chrome, "Suivi des apprenants")
    _go(chrome, "Exports pour Excel")
    reviews = _excel_table(_download(chrome, "Bilans et suivis (CSV)"))
    assert [row[0] for row in reviews[1:]] == [KEVIN] and "Entrée en formation" in reviews[1]
    attendance = _excel_table(_download(chrome, "Présences (CSV)"))
    assert any(KEVIN in row and "Atelier CV" in row for row in attendance[1:])
    attempts = _excel_table(_download(chrome, "Essais aux quiz (CSV)"))
    assert attempts[0] and len(attempts) >= 1  # a header even before anyone answered


def _export_his_data(chrome) -> None:
    _open_kevin(chrome)
    _go(chrome, "Données personnelles")
    data = _download(chrome, "Télécharger ses données").json()
    assert KEVIN in str(data) and "veut viser le titre pro" in str(data)


def test_a_referent_closes_a_nursery_and_the_programme_sees_it(app, db, chrome, platform_server, registered,
                                                               tool_server) -> None:  # fmt: skip
    frame.launch_in_frame(chrome, platform_server.url, KEVIN)
    frame.launch_in_frame(chrome, platform_server.url, "Nadia Haddad")
    _record_a_session(chrome)
    _open_kevin(chrome)
    _write_a_note_and_the_entry_date(chrome)
    _close_the_nursery(chrome)
    _read_the_figures(chrome)
    _download_the_exports(chrome)
    _export_his_data(chrome)

    frame.launch_in_frame(chrome, platform_server.url, "Claire Vasseur")
    _go(chrome, KEVIN)
    _go(chrome, "Données personnelles")
    _type(chrome, "confirmation", "EFFACER")
    _press(chrome, "Effacer définitivement")
    assert "Les données de la personne ont été effacées de l'outil." in _status(chrome)
    db.expire_all()
    assert db.scalars(select(User).where(User.sub == "kevin-dufour")).first() is None
