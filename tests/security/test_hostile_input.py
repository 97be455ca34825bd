"""No 5xx from input, ever: every route of the URL map, walked with hostile values.

The walk reads `app.url_map`, so a route added later is walked too. Each route
gets hostile values in every path variable and in every query or form field the
code reads (found by reading the source), wrong methods and an oversized body:
anonymously, and with the sessions of real launches through the dev platform
(learner, tutor, mentor, content selection). The requests go through Flask's
test client, which is fast; only the launches use real HTTP. A 4xx is fine,
whatever it says; a 5xx, or an exception out of the app, is a failure. The launch
token itself is walked in test_hostile_launch_tokens.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pylti1p3
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import Rule

from devplatform.seed import ROUBAIX
from lms_service.content import get_catalogue
from lms_service.models import Membership, User

from ..lti_browser import LtiBrowser
from .helpers import WALK_SETTINGS, ToolClient, content_selection

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "99999999999999999999", str(2**31), str(2**63), "-1", "0", "9" * 5000,  # past integer columns
    "\x00", "a\x00b", "%00",
    "\u202eelif.exe\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd", "مرحبا بكم",  # right to left
    "🎓👩🏽‍💻🇫🇷", "\ufeff", "\U0010ffff", "e\u0301" * 50,
    "../../../../etc/passwd", "..%2f..%2fconfig.py", "..", "//",
    "x" * 5000, "é" * 300, "", " ", "\r\nX-Injected: 1",
    "<script>alert(1)</script>", "' OR '1'='1' --", "{{7*7}}", "[]",
]  # fmt: skip
# Sent in each field alone too: what reached the database and failed there before (NUL, integer overflow).
ALONE = ["a\x00b", "99999999999999999999"]
WRONG_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Names read by pylti1p3's login and launch that our source does not spell out.
LTI_PARAMS = {"lti_deployment_id", "target_link_uri", "login_hint", "lti_message_hint", "lti1p3_new_window"}
_READS = re.compile(
    r"""(?:args|form|values)\.get(?:list)?\(\s*["']([\w-]+)["']"""
    r"""|_get_request_param\(\s*["']([\w-]+)["']"""
    r"""|["']([\w-]+)["']\s+in\s+request\.(?:form|args|values)"""
)
MAX_EXAMPLES = 8  # generated examples per route and session, on top of the fixed HOSTILE list


def _read_params() -> set[str]:
    """Every query or form field name the code reads: a field read by a new view is walked too."""
    sources = [*ROOT.joinpath("lms_service").rglob("*.py"), *ROOT.joinpath("lti").glob("*.py")]
    sources += Path(pylti1p3.__file__).parent.glob("*.py")
    names = {name for path in sources for match in _READS.finditer(path.read_text()) for name in match.groups() if name}
    return (names | LTI_PARAMS) - {"lt", "csrf_token"}


PARAMS = sorted(_read_params())


@dataclass(frozen=True)
class Who:
    """A person to launch as; `alone` sends each field alone too (sessions that reach every view)."""

    user: str
    content_selection: bool = False
    alone: bool = True


SESSIONS = {
    "anonymous": None,
    "learner": Who("ines-belkacem", alone=False),  # sees a subset of what a tutor sees
    "tutor": Who("nadia-haddad"),
    "mentor": Who("olivier-martin", alone=False),  # a tutor's pages, with a narrower query
    "content selection": Who("nadia-haddad", content_selection=True),
}


@dataclass
class Session:
    """Who walks: a launch token (None for anonymous) and the form token its pages carry."""

    name: str
    token: str | None = None
    csrf: str | None = None
    alone: bool = True


@dataclass
class Walk:
    client: FlaskClient
    session: Session
    plausible: dict[str, str]
    failures: list[str]

    def request(self, method: str, rule: Rule, path: dict[str, str], fields: dict[str, Any] | None = None,
                body: bytes | None = None) -> int:
        """One request; a 5xx, or an exception out of the app (a 500 outside tests), is recorded."""
        url = _fill(rule, {**self.plausible, **path})
        sent: dict[str, Any] = {}
        if self.session.token:
            sent.update(lt=self.session.token, csrf_token=self.session.csrf or "")
        sent.update(fields or {})
        try:
            if body is not None:
                response = self.client.open(url, method=method, data=body,
                                             content_type="application/x-www-form-urlencoded")
            elif method in ("GET", "DELETE"):
                response = self.client.open(url, method=method, query_string=sent)
            else:
                response = self.client.open(url, method=method, data=sent)
        except Exception as exc:
            self.failures.append(f"{self.session.name}: {method} {url[:120]} {_short(fields)} -> {exc!r:.200}")
            return 500
        if response.status_code >= 500:
            self.failures.append(f"{self.session.name}: {method} {url[:120]} {_short(fields)} -> {response.status_code}")
        return response.status_code


def _short(fields: dict[str, Any] | None) -> str:
    if not fields:
        return ""
    name, value = next(iter(fields.items()))
    return f"{name}={value!r:.40}" if len(fields) == 1 else f"all {len(fields)} fields={value!r:.40}"


_VARIABLE = re.compile(r"<(?:[^<>:]+:)?(\w+)>")


def _fill(rule: Rule, values: dict[str, str]) -> str:
    """The rule's URL with each variable replaced by its (URL-quoted) value."""
    return _VARIABLE.sub(lambda m: quote(values.get(m[1], "1"), safe=""), rule.rule)


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))


def _methods(rule: Rule) -> list[str]:
    """The rule's methods, less HEAD and OPTIONS, which Flask answers itself (HEAD with the GET view)."""
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def _plausible(app: Flask, db) -> dict[str, str]:
    """Real values for every path variable, so a hostile value in one variable meets the code behind the others."""
    with app.app_context():
        module = next(m for m in get_catalogue().ordered() if m.pages)
        images = sorted((module.directory / "images").glob("*"))
        slug, page_id, version8 = module.slug, module.pages[0].id, module.version[:8]
    learner = db.scalars(select(Membership.id).join(User).where(User.sub == "ines-belkacem")).first()
    return {
        "slug": slug, "page_id": page_id, "version8": version8,
        "name": images[0].name if images else "image.png",
        "filename": "app.css", "membership_id": str(learner or 1),
    }  # fmt: skip


def _launch(platform, tool_server, client: ToolClient, name: str, who: Who) -> Session:
    """A real launch through the dev platform; the test client takes over its token and cookies."""
    browser = LtiBrowser(platform)
    if who.content_selection:
        platform.tweak_next_launch(content_selection(tool_server.url))
    launched = browser.launch(who.user, ROUBAIX)
    assert launched.response.status_code == 200 and launched.token, launched.response.text[:300]
    host = urlsplit(tool_server.url).hostname or ""
    for cookie in browser.http.cookies:
        if cookie.domain.lstrip(".") in (host, f"{host}.local"):
            client.set_cookie(cookie.name, cookie.value or "", domain=host, path=cookie.path)
    landing = urlsplit(launched.response.url)
    opened = client.get(f"{landing.path}?{landing.query}")
    assert opened.status_code == 200, f"the test client does not carry the launch of {name}: {opened.status_code}"
    return Session(name, launched.token, alone=who.alone)


_FORM_TOKEN = re.compile(r"""(?:name="csrf_token" value|data-csrf)="([^"]+)\"""")


def _harvest_form_token(walk: Walk, app: Flask) -> str | None:
    """Open every GET route with real values and keep the form token any page carries, as a browser would."""
    for rule in _rules(app):
        if "GET" in rule.methods:
            page = walk.client.get(_fill(rule, walk.plausible), query_string={"lt": walk.session.token})
            found = _FORM_TOKEN.search(page.get_data(as_text=True))
            if found:
                return found[1]
    return None


@pytest.fixture(params=list(SESSIONS))
def walk(request, app: Flask, client: ToolClient, platform, tool_server, db) -> Iterator[Walk]:
    """A session of each kind, with a learner launched first so tutors have someone to open."""
    LtiBrowser(platform).launch("ines-belkacem", ROUBAIX)
    who = SESSIONS[request.param]
    session = Session(request.param) if who is None else _launch(platform, tool_server, client, request.param, who)
    walk = Walk(client, session, _plausible(app, db), [])
    if session.token:
        session.csrf = _harvest_form_token(walk, app)
    yield walk


def test_every_route_with_every_hostile_value(walk: Walk, app: Flask) -> None:
    """Each hostile value in each path variable, then in every field at once, by every allowed method.

    All fields at once can hide one behind another (a hostile `error` ends a launch before its `state`
    is read), so each field is also sent alone, with the values that reached a database before.
    """
    names = [*PARAMS, "lt"] if walk.session.token is None else PARAMS
    for rule in _rules(app):
        methods = _methods(rule)
        for value in HOSTILE:
            for name in rule.arguments:
                walk.request(methods[0], rule, {name: value})
            for method in methods:
                walk.request(method, rule, {}, dict.fromkeys(names, value))
        for value in ALONE if walk.session.alone else ():
            for name in names:
                for method in methods:
                    walk.request(method, rule, {}, {name: value})
    assert not walk.failures, "\n".join(walk.failures)


def test_every_route_with_wrong_methods_and_an_oversized_body(walk: Walk, app: Flask) -> None:
    too_big = b"notes=" + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    for rule in _rules(app):
        for method in WRONG_METHODS:
            if method not in rule.methods:
                walk.request(method, rule, {})
        for method in ("POST", "PUT"):
            walk.request(method, rule, {}, body=too_big)
    assert not walk.failures, "\n".join(walk.failures)


VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(max_size=300),
)


@settings(WALK_SETTINGS, max_examples=MAX_EXAMPLES)
@given(data=st.data())
def test_every_route_with_generated_values(walk: Walk, app: Flask, data) -> None:
    """Hypothesis draws a value for every path variable of each route and for some of the fields, by each method."""
    walk.failures.clear()
    for rule in _rules(app):
        path = {name: data.draw(VALUES, label=f"{rule.rule} <{name}>") for name in sorted(rule.arguments)}
        fields = data.draw(st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=len(PARAMS)), label=rule.rule)
        for method in _methods(rule):
            walk.request(method, rule, path, fields)
    assert not walk.failures, "\n".join(walk.failures)
