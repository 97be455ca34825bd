"""One registration's calls to the LMS's services, shared by the AGS and NRPS clients.

pylti1p3's service classes are not used (docs/research/issue12/ags-delivery.md
§1): they count a 3xx as a success, lose Moodle's reason phrase, ask every
scope of the launch for every call, and stop paging at Moodle's typographic
quotes. Here every call goes through lti.transport's guarded session (a
deadline, no redirect, checked addresses) with a token from lti.service_tokens
for the one scope it needs, and what the LMS answered becomes an AgsOutcome
(lti.service_outcomes). A ServiceCaller serves one thread (its session closes
its connections after each exchange).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import requests
from sqlalchemy.orm import Session

from lms_service.db import as_utc, utcnow

from . import keys
from .models import Platform, ToolKey
from .service_outcomes import AgsOutcome, Target, classify, refused
from .service_tokens import AccessToken, ServiceTokens, TokenUnavailable
from .settings import http_session
from .tool_conf import ToolRegistration
from .transport import FetchFailed, GuardedSession, UnsafeUrl, check_url, same_origin


@dataclass(frozen=True)
class ServiceRequest:
    method: str
    url: str
    target: Target
    scope: str
    accept: str
    body: Mapping[str, Any] | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class ServiceAnswer:
    outcome: AgsOutcome
    body: Any = None  # the parsed JSON of a delivered answer, None when it is not JSON
    link: str = ""  # the Link header, as received


class ServiceCaller:
    """Calls with the credentials of one registration (the one that issued the URLs).

    `sessions` opens database sessions for the token store's own short
    transactions: the app's sessionmaker, never the caller's session. `http` is
    the guarded transport, by default `lti.settings.http_session()` (in an app context).
    """

    def __init__(self, sessions: Callable[[], Session], platform: Platform,
                 http: GuardedSession | None = None) -> None:
        self._active = platform.is_active
        self._http = http if http is not None else http_session()
        registration = ToolRegistration(platform, lambda: _signing_key(sessions))
        self._tokens = ServiceTokens(sessions, registration, self._http.policy)

    def precheck(self, url: str) -> AgsOutcome | None:
        """Why a call to `url` cannot succeed, before any token is asked: a pending registration, a URL."""
        if not self._active:
            return refused("the registration is pending: an administrator must activate it")
        try:
            check_url(url, self._http.policy)
        except UnsafeUrl:
            return refused("the LMS gave a service address the tool may not call")
        return None

    def call(self, request: ServiceRequest) -> ServiceAnswer:
        """One exchange, classified: no HTTP status, timeout or token refusal raises."""
        try:
            response = self._exchange(request)
        except TokenUnavailable as exc:
            return ServiceAnswer(classify(exc.status, exc.reason, "token"))
        except FetchFailed as exc:
            return ServiceAnswer(classify(None, str(exc).removeprefix(f"{request.url}: "), request.target))
        except UnsafeUrl:
            return ServiceAnswer(refused("the LMS's address resolves to one the tool may not call"))
        outcome = classify(response.status_code, _said(response), request.target, _retry_after(response))
        body = _json(response) if outcome.kind == "delivered" else None
        return ServiceAnswer(outcome, body, response.headers.get("Link", ""))

    def _exchange(self, request: ServiceRequest) -> requests.Response:
        """Send with the shared token; a 401 forgets it, and the call is tried once more with a new one."""
        token = self._tokens.get([request.scope])
        response = self._send(request, token)
        if response.status_code == 401:
            self._tokens.forget(token)
            response = self._send(request, self._tokens.get([request.scope]))
        return response

    def _send(self, request: ServiceRequest, token: AccessToken) -> requests.Response:
        headers = {"Authorization": f"Bearer {token.value}", "Accept": request.accept}
        data = None
        if request.body is not None:
            headers["Content-Type"] = request.content_type or "application/json"
            data = json.dumps(request.body)
        return self._http.request(request.method, request.url, data=data, headers=headers)


def pages(get: Callable[[str], ServiceAnswer], first_url: str, max_pages: int) -> Iterator[ServiceAnswer]:
    """Each page's answer in turn, following rel=next as given, on the first URL's site, `max_pages` at most.

    Paging ends after an answer that is not delivered, or one without a next
    link; a next page on another site (the token would go with the call) or past
    the cap ends it with a refusal of its own. So the last answer says whether
    every page was read: it is delivered only then.
    """
    url = first_url
    for _ in range(max_pages):
        answer = get(url)
        yield answer
        following = next_link(answer.link, url) if answer.outcome.kind == "delivered" else None
        if following is None:
            return
        if not same_origin(following, first_url):
            yield ServiceAnswer(refused("the LMS's next page is on another site", answer.outcome.status))
            return
        url = following
    yield ServiceAnswer(refused(f"the LMS's pages run past {max_pages}"))


def with_query(url: str, params: Mapping[str, str]) -> str:
    """The URL with these parameters added after the ones it has."""
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit(parts._replace(query=query, fragment=""))


_LINK = re.compile(r"<([^>]*)>([^<]*)")
_REL = re.compile(r"""\brel\s*=\s*["'\u201c\u201d]?([^"'\u201c\u201d;,]*)""", re.IGNORECASE)


def next_link(header: str, base: str) -> str | None:
    """The rel=next target of a Link header (RFC 8288), read as LMSs write it.

    An absolute URL is kept byte for byte (pylti1p3 lower-cases it, which breaks
    Canvas's cursors; even a parse and rebuild may change it); a relative one is
    resolved against the page. `rel` matches in any case, quoted or not, among
    other values (NRPS's `differences` is not `next`), and between Moodle's
    typographic quotes, which http.client hands over as Latin-1.
    """
    for target, params in _LINK.findall(_utf8(header)):
        rel = _REL.search(params)
        if rel is not None and "next" in rel.group(1).lower().split():
            url = target.strip()
            return url if urlsplit(url).scheme else urljoin(base, url)
    return None


def _utf8(header: str) -> str:
    """A header's UTF-8 bytes that http.client decoded as Latin-1, decoded again; any other text as it is."""
    try:
        return header.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return header


def _signing_key(sessions: Callable[[], Session]) -> ToolKey | None:
    """Read in a session of its own: the key outlives it (its columns are loaded)."""
    with sessions() as session:
        return keys.signing_key(session)


def _said(response: requests.Response) -> str:
    """What the LMS wrote: Moodle puts its reason in the status line, others in the body."""
    return f"{response.reason or ''} {response.content[:2000].decode('utf-8', 'replace')}"


def _json(response: requests.Response) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except ValueError:
        return None


def _retry_after(response: requests.Response) -> float | None:
    """Retry-After in seconds, whether it gives seconds or an HTTP date."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = as_utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return None
    return max((moment - utcnow()).total_seconds(), 0.0)
