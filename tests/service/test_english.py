"""An LMS that launches in English gets the tool in English; a French launch stays French.

The English catalogue is compiled by `make translations` (a step of `make run`
and `make test`): the .mo is a build artifact, never committed. These tests do
not compile it themselves, so a missing or stale .mo fails them loudly.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from devplatform.seed import ROUBAIX
from lti import claims as c

from ..lti_browser import LtiBrowser

TRANSLATIONS = Path(__file__).resolve().parents[2] / "lms_service" / "translations"
ENGLISH_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
ENGLISH_MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"
SLUG = "developpement-web"


def _require_compiled_english() -> None:
    """Fail (not skip) when the English .mo is absent or older than its .po."""
    if not ENGLISH_MO.is_file():
        pytest.fail(
            f"{ENGLISH_MO.relative_to(TRANSLATIONS.parents[1])} is missing: "
            "run `make translations` (make test and make run do it first)",
            pytrace=False,
        )
    if ENGLISH_MO.stat().st_mtime < ENGLISH_PO.stat().st_mtime:
        pytest.fail(
            "the English .mo is older than its .po: run `make translations`",
            pytrace=False,
        )


def _speaking(locale: str | None, presentation_locale: str | None):
    """A tweak setting the launch's `locale` claim and launch_presentation.locale (None drops)."""

    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        if locale is None:
            claims.pop("locale", None)
        else:
            claims["locale"] = locale
        presentation = claims.setdefault(c.LAUNCH_PRESENTATION, {})
        if presentation_locale is None:
            presentation.pop("locale", None)
        else:
            presentation["locale"] = presentation_locale

    return tweak


def _launch(browser: LtiBrowser, locale: str | None, presentation_locale: str | None,
            user: str = "ines-belkacem"):
    browser.platform.tweak_next_launch(_speaking(locale, presentation_locale))
    launched = browser.launch(user, ROUBAIX)
    assert launched.response.status_code == 200, launched.response.text[:300]
    return launched


@pytest.mark.parametrize(
    "locale, presentation_locale",
    [("en-US", "en-US"), (None, "en-US"), ("en", None)],
    ids=["both en-US", "only launch_presentation", "bare en"],
)
def test_an_english_launch_shows_the_path_in_english(browser: LtiBrowser, locale, presentation_locale) -> None:
    _require_compiled_english()
    page = _launch(browser, locale, presentation_locale).response.text

    assert '<html lang="en">' in page
    assert "My path" in page
    assert "Hello Inès" in page
    assert "Here are the modules in your path." in page
    assert "Not started" in page
    assert "Mon parcours" not in page and "Bonjour" not in page


def test_english_sticks_for_the_rest_of_the_visit(tool_server, browser: LtiBrowser) -> None:
    _require_compiled_english()
    launched = _launch(browser, "en-US", "en-US")

    module = browser.http.get(f"{tool_server.url}/modules/{SLUG}/?lt={launched.token}")

    assert module.status_code == 200
    assert "My path" in module.text and "Mon parcours" not in module.text


def test_an_english_tutor_sees_the_learner_list_in_english(platform, tool_server) -> None:
    _require_compiled_english()
    _launch(LtiBrowser(platform), "fr-FR", "fr-FR")  # the learner's own language does not matter
    page = _launch(LtiBrowser(platform), "en-US", "en-US", user="nadia-haddad").response.text

    assert "Learner progress" in page
    assert "1 person in this list" in page
    assert "On site" in page
    assert "Suivi des apprenants" not in page and "Présentiel" not in page


def test_a_french_launch_stays_french(browser: LtiBrowser) -> None:
    page = _launch(browser, "fr-FR", "fr-FR").response.text

    assert '<html lang="fr">' in page
    assert "Mon parcours" in page
    assert "Bonjour Inès" in page
    assert "My path" not in page and "Hello" not in page


def test_a_language_we_do_not_speak_falls_back_to_french(browser: LtiBrowser) -> None:
    page = _launch(browser, "de-DE", "de-DE").response.text

    assert '<html lang="fr">' in page
    assert "Mon parcours" in page
