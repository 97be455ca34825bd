"""Bad requests get a clear French page (or JSON for API callers) and a 4xx, never a traceback."""
from __future__ import annotations

import pytest
import requests

from devplatform.seed import ROUBAIX

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


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("GET", "/modules/a%00b/", None),
        ("GET", "/?termine=%00", None),
        ("GET", "/lti/login?iss=https://lms.example%00&login_hint=1&target_link_uri=x", None),
        ("POST", "/lti/login", {"iss": "https://lms.example\x00", "login_hint": "1", "target_link_uri": "x"}),
        ("POST", "/lti/launch", {"state": "\x00", "id_token": "a.b.c"}),
        ("POST", "/lti/launch", {"state\x00": "s"}),
    ],
    ids=["in the path", "in a query value", "in a login query", "in a login form", "in a launch form",
         "in a field name"],
)
def test_a_nul_character_is_a_clear_400_before_any_database(tool_server, registered, method, path, data) -> None:
    """PostgreSQL refuses NUL in text: it is stopped once, for every route, before any view."""
    response = requests.request(method, tool_server.url + path, data=data, allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "caractère nul" in response.text


@pytest.mark.parametrize("member", ["2147483648", "99999999999999999999", "٣"],
                         ids=["past int4", "past int8", "a non-ASCII digit"])
def test_an_id_beyond_the_column_is_a_404(tool_server, platform, member) -> None:
    tutor = LtiBrowser(platform)
    token = tutor.launch("nadia-haddad", ROUBAIX).token
    response = tutor.http.get(f"{tool_server.url}/tutor/learners/{member}", params={"lt": token})
    assert response.status_code == 404
    assert "Cette page n'existe pas." in response.text.replace("&#39;", "'")


@pytest.mark.parametrize("page", ["2", "99999999999999999999", "-5", "deux"])
def test_a_page_past_the_list_shows_the_nearest_page(tool_server, platform, page) -> None:
    LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)
    tutor = LtiBrowser(platform)
    token = tutor.launch("nadia-haddad", ROUBAIX).token
    response = tutor.http.get(f"{tool_server.url}/tutor/", params={"lt": token, "page": page})
    assert response.status_code == 200
    assert "Inès Belkacem" in response.text
