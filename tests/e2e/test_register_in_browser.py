"""Issue 3's "done means" in a real browser: register the tool from the dev platform, activate it, launch."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from devplatform import ToolRegistration


@pytest.fixture
def restore_registration(platform, platform_server) -> Iterator[None]:
    yield
    settings = platform_server.late.app.extensions["devplatform"].settings
    platform.replace_registration(ToolRegistration.from_settings(settings))


def test_dynamic_registration_then_launch(chrome, platform, platform_server, tool_server, restore_registration) -> None:
    chrome.get(platform_server.url + "/")
    field = chrome.find_element(By.ID, "registration_url")
    assert field.get_attribute("value") == f"{tool_server.url}/lti/register"
    chrome.find_element(By.XPATH, "//button[normalize-space()=\"Enregistrer l'outil\"]").click()

    chrome.switch_to.frame(chrome.find_element(By.CSS_SELECTOR, "iframe[data-registration]"))
    assert "L'outil est enregistré" in chrome.find_element(By.TAG_NAME, "h1").text
    assert "en attente" in chrome.find_element(By.TAG_NAME, "main").text
    chrome.find_element(By.ID, "close-registration").click()
    chrome.switch_to.default_content()
    WebDriverWait(chrome, 10).until(lambda driver: "/admin/tool" in driver.current_url)

    chrome.find_element(By.XPATH, "//button[normalize-space()=\"Activer l'outil\"]").click()
    WebDriverWait(chrome, 10).until(lambda driver: str(platform.registration_status) == "active")

    chrome.get(platform_server.url + "/")
    chrome.find_element(By.XPATH, "//*[normalize-space()='Lancer en tant que Inès Belkacem']").click()
    chrome.switch_to.frame(chrome.find_element(By.TAG_NAME, "iframe"))
    WebDriverWait(chrome, 10).until(
        lambda driver: driver.execute_script("return location.hostname === '127.0.0.1' && !location.pathname.startsWith('/lti/')")
    )
    assert "Bonjour Inès" in chrome.find_element(By.TAG_NAME, "h1").text
