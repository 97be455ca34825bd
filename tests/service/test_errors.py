"""Bad requests get a clear French page (or JSON for API callers) and a 4xx, never a traceback."""
from __future__ import annotations

import requests

from lti.devplatform.seed import ROUBAIX

from ..lti_browser import LtiBrowser


def test_unknown_page_is_a_french_404(tool_server, registered) -> None:
    response = requests.get(tool_server.url + "/nulle-part", timeout=5)
    assert response.status_code == 404
    assert "Cette page n'existe pas." in response.text.replace("&#39;", "'")
    assert "Traceback" not in response.text


def test_api_callers_get_json(tool_server, registered) -> None:
    response = requests.get(tool_server.url + "/nulle-part", headers={"Accept": "application/json"}, timeout=5)
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_wrong_method_is_a_405(tool_server, registered) -> None:
    assert requests.delete(tool_server.url + "/lti/launch", timeout=5).status_code == 405


def test_an_oversized_post_is_refused_and_nothing_changes(tool_server, platform, db) -> None:
    tutor = LtiBrowser(platform)
    token = tutor.launch("nadia-haddad", ROUBAIX).token
    response = tutor.http.post(
        f"{tool_server.url}/tutor/learners/1", data={"lt": token, "notes": "x" * (2 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "trop gros" in response.text


def test_an_oversized_launch_is_a_413(tool_server, registered) -> None:
    response = requests.post(tool_server.url + "/lti/launch", data={"id_token": "x" * (2 * 1024 * 1024)}, timeout=10)
    assert response.status_code == 413
    assert "trop gros" in response.text
