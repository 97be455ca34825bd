"""A scripted browser for LTI launches: real HTTP, real cookies per host, real forms.

It does what a browser does with the dev platform's pages: post the login
initiation to the tool, follow the redirect to the platform's authorisation
endpoint, and post the auto-submitted form (id_token, state) back to the tool.
Steps are separate so tests can stop, inspect or alter the id_token between them.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import requests


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = values.get("action")
        elif tag == "input" and values.get("name"):
            if values.get("type") in ("checkbox", "radio") and "checked" not in values:
                return  # a browser sends only the ticked boxes
            self.fields[values["name"] or ""] = values.get("value") or ""


def parse_form(html: str) -> tuple[str, dict[str, str]]:
    """The first form of a page: its action and its named inputs."""
    parser = _FormParser()
    parser.feed(html)
    assert parser.action, "no form on the page"
    return parser.action, parser.fields


@dataclass
class Launched:
    """The end of a launch: the last response and the launch token it carries."""

    response: requests.Response
    token: str | None


class LtiBrowser:
    """One browser: its own cookie jar, shared by the tool and the platform like a real one."""

    def __init__(self, platform: object) -> None:
        self.platform = platform
        self.http = requests.Session()

    def login(self, user_id: str, context_id: str, method: str = "POST") -> requests.Response:
        """Step 1: the platform's login initiation reaches the tool; the tool redirects."""
        url, params = self.platform.login_initiation(user_id, context_id)  # type: ignore[attr-defined]
        if method == "GET":
            return self.http.get(url, params=params, allow_redirects=False, timeout=10)
        return self.http.post(url, data=params, allow_redirects=False, timeout=10)

    def authorize(self, login_response: requests.Response) -> tuple[str, dict[str, str]]:
        """Step 2: the platform's auth endpoint answers with the form it would auto-submit."""
        assert login_response.status_code in (302, 303), login_response.text[:500]
        page = self.http.get(login_response.headers["Location"], timeout=10)
        assert page.status_code == 200, page.text[:500]
        return parse_form(page.text)

    def post_launch(self, action: str, fields: dict[str, str]) -> requests.Response:
        """Step 3: the browser posts id_token and state to the tool's launch URL."""
        return self.http.post(action, data=fields, allow_redirects=False, timeout=10)

    def launch(self, user_id: str, context_id: str, method: str = "POST") -> Launched:
        """The whole flow; follows the tool's redirect to the page it opens."""
        action, fields = self.authorize(self.login(user_id, context_id, method))
        response = self.post_launch(action, fields)
        return self.follow(response)

    def follow(self, response: requests.Response) -> Launched:
        """After a launch: open the page the tool redirects to, if any."""
        if response.status_code not in (302, 303):
            return Launched(response=response, token=None)
        location = urljoin(response.url, response.headers["Location"])
        token = parse_qs(urlsplit(location).query).get("lt", [None])[0]
        return Launched(response=self.http.get(location, timeout=10), token=token)
