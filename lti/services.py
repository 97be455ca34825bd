"""The LMS's Assignment and Grade Services (AGS): scores and line items, each answer classified once.

pylti1p3's AssignmentsGradesService is not used (docs/research/issue12/ags-delivery.md
§1): it counts a 3xx as a success, loses Moodle's reason phrase, asks every scope
of the launch for every call, and stops paging at Moodle's typographic quotes.
Here every call goes through lti.transport's guarded session (a deadline, no
redirect, checked addresses) with a token from lti.service_tokens, and what the
LMS answered becomes an AgsOutcome for the caller to record: no HTTP status
raises. An AgsClient serves one thread (its session closes its connections after
each exchange); two workers are two clients.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import requests
from sqlalchemy.orm import Session

from lms_service.db import as_utc, utcnow

from . import keys
from .models import Platform, ToolKey
from .service_tokens import AccessToken, ServiceTokens, TokenUnavailable
from .settings import http_session
from .tool_conf import ToolRegistration
from .transport import FetchFailed, GuardedSession, UnsafeUrl, check_url, same_origin

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
SCOPE_LINEITEM = AGS + "lineitem"
SCOPE_LINEITEM_READONLY = AGS + "lineitem.readonly"
SCOPE_SCORE = AGS + "score"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
# D2L pages by 200: this is 20,000 columns, far past any course, and bounds a platform paging in circles.
MAX_PAGES = 100
_READ_SCOPES = (SCOPE_LINEITEM_READONLY, SCOPE_LINEITEM)  # the narrower first

OutcomeKind = Literal["delivered", "conflict", "retry", "not_gradable", "course_closed", "gone", "refused"]
Target = Literal["score", "line_item", "token"]


@dataclass(frozen=True)
class AgsOutcome:
    kind: OutcomeKind
    status: int | None  # HTTP status; None when no answer came (timeout, connection refused)
    detail: str  # short, plain, safe to store and show an administrator (no token, no personal data)
    retry_after: float | None = None  # seconds, from Retry-After when given
    data: Any = None  # parsed JSON when delivered: a line item dict, or a list of line items


def refused(detail: str, status: int | None = None) -> AgsOutcome:
    return AgsOutcome("refused", status, detail)


# Refusals whose words name the learner or the course (research §4): (status, words, meaning, detail).
_NAMED: tuple[tuple[int, str, OutcomeKind, str], ...] = (
    (403, "not enrolled", "not_gradable", "the learner is not enrolled in the course"),  # Brightspace
    (404, "user in requested score does not exist", "not_gradable", "the LMS does not know the learner"),  # D2L
    (422, "not a student", "not_gradable", "the learner is not a student of the course"),  # Canvas
    (422, "course has concluded", "course_closed", "the course has concluded"),  # Canvas
)


def classify(status: int | None, said: str = "", target: Target = "line_item",
             retry_after: float | None = None) -> AgsOutcome:
    """What one answer means to the caller, decided here and nowhere else (research §6.5).

    `said` is what the LMS wrote (reason phrase and body), only matched against
    known words and never copied into the detail, which is stored and shown: an
    LMS may echo the learner's id. When no answer came, it is the transport's own
    account of why. A 401 reaching this point is the second one of a call.
    """
    kind, detail = _token_meaning(status, said) if target == "token" else _meaning(status, said, target)
    return AgsOutcome(kind, status, detail, retry_after if kind == "retry" else None)


def _meaning(status: int | None, said: str, target: Target) -> tuple[OutcomeKind, str]:
    if status is None:
        return "retry", f"no answer from the LMS: {said}"
    if 200 <= status < 300:
        return "delivered", f"HTTP {status}"
    if status in (408, 429) or status >= 500:
        return "retry", f"HTTP {status}: the LMS is busy or unavailable"
    if status == 409:
        return "conflict", "HTTP 409: the LMS already holds a score at least as recent"
    words = said.lower()
    for code, phrase, kind, why in _NAMED:
        if status == code and phrase in words:
            return kind, f"HTTP {status}: {why}"
    if status == 400 and target == "score":  # Moodle's « Incorrect score received »: our score is well formed
        return "not_gradable", "HTTP 400: the LMS cannot grade this user (not enrolled, or not a learner)"
    if status == 404:
        return "gone", "HTTP 404: the line item no longer exists"
    if status == 401:
        return "refused", "HTTP 401 twice: the LMS refuses the tool's token (a scope it no longer grants?)"
    if 300 <= status < 400:
        return "refused", f"HTTP {status}: the LMS redirected the call (to a login page?)"
    return "refused", f"HTTP {status}: the LMS refused the call"


def _token_meaning(status: int | None, said: str) -> tuple[OutcomeKind, str]:
    """The token endpoint's answers: only silence and overload are worth asking again."""
    if status is None or status in (408, 429) or status >= 500:
        return "retry", f"token endpoint: {said}"
    return "refused", f"token endpoint: {said} (check the registration's scopes and keys)"


@dataclass(frozen=True)
class _Request:
    method: str
    url: str
    target: Target
    scope: str
    accept: str
    body: Mapping[str, Any] | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class _Answer:
    outcome: AgsOutcome
    body: Any = None  # the parsed JSON of a delivered answer, None when it is not JSON
    link: str = ""


class AgsClient:
    """AGS calls with the credentials of one registration (the one that issued the URLs).

    `sessions` opens database sessions for the token store's own short
    transactions: the app's sessionmaker (`app.extensions["db"]`), never the
    caller's session. `scopes`, when given, are the AGS scopes the launch granted
    (`ResourceLink.ags_scopes`): a call whose scope is not among them is refused
    without a call. Without them, each call asks for its own scope and the token
    endpoint decides. Either way a token is asked for the one scope a call needs
    (score; lineitem.readonly, else lineitem, to read; lineitem to create). `http`
    is the guarded transport, by default `lti.settings.http_session()` (in an app
    context): `AgsClient(app.extensions["db"], platform)`.
    """

    def __init__(self, sessions: Callable[[], Session], platform: Platform, scopes: Collection[str] | None = None,
                 http: GuardedSession | None = None) -> None:
        self._active = platform.is_active
        self._granted = None if scopes is None else frozenset(scopes)
        self._http = http if http is not None else http_session()
        registration = ToolRegistration(platform, lambda: _signing_key(sessions))
        self._tokens = ServiceTokens(sessions, registration, self._http.policy)

    def post_score(self, lineitem_url: str, score: Mapping[str, Any]) -> AgsOutcome:
        """POST a score to the line item's /scores; data is None."""
        return self._checked(lineitem_url, (SCOPE_SCORE,), lambda scope: self._call(_Request(
            "POST", scores_url(lineitem_url), "score", scope, "application/json", score, SCORE_TYPE)).outcome)

    def line_items(self, lineitems_url: str, *, resource_id: str | None = None,
                   resource_link_id: str | None = None, tag: str | None = None) -> AgsOutcome:
        """The container's line items matching the filters; data is the list across every page."""
        filters = {"resource_id": resource_id, "resource_link_id": resource_link_id, "tag": tag}
        return self._checked(lineitems_url, _READ_SCOPES, lambda scope: self._pages(
            with_query(lineitems_url, {k: v for k, v in filters.items() if v is not None}), scope))

    def create_line_item(self, lineitems_url: str, item: Mapping[str, Any]) -> AgsOutcome:
        """POST a new line item to the container; data is the created item (with its id)."""
        return self._checked(lineitems_url, (SCOPE_LINEITEM,), lambda scope: _line_item(self._call(_Request(
            "POST", lineitems_url, "line_item", scope, LINEITEM_TYPE, item, LINEITEM_TYPE))))

    def get_line_item(self, lineitem_url: str) -> AgsOutcome:
        """GET one line item; data is the item. A deleted column answers `gone`."""
        return self._checked(lineitem_url, _READ_SCOPES, lambda scope: _line_item(self._call(_Request(
            "GET", lineitem_url, "line_item", scope, LINEITEM_TYPE))))

    def _checked(self, url: str, scopes: tuple[str, ...], call: Callable[[str], AgsOutcome]) -> AgsOutcome:
        """Refuse without a call what cannot succeed: a pending registration, a URL, a scope not granted."""
        if not self._active:
            return refused("the registration is pending: an administrator must activate it")
        try:
            check_url(url, self._http.policy)
        except UnsafeUrl:
            return refused("the LMS gave a service address the tool may not call")
        scope = next((s for s in scopes if self._granted is None or s in self._granted), None)
        if scope is None:
            return refused(f"the LMS did not grant the scope {scopes[0].removeprefix(AGS)}")
        return call(scope)

    def _pages(self, url: str, scope: str) -> AgsOutcome:
        """Follow rel=next as given (the filters are in it already), on the same site, MAX_PAGES at most."""
        items: list[Any] = []
        for _ in range(MAX_PAGES):
            answer = self._call(_Request("GET", url, "line_item", scope, CONTAINER_TYPE))
            if answer.outcome.kind != "delivered":
                return answer.outcome
            if not isinstance(answer.body, list) or not all(isinstance(i, dict) for i in answer.body):
                return refused("the LMS's answer is not a list of line items", answer.outcome.status)
            items += answer.body
            following = next_link(answer.link, url)
            if following is None:
                return replace(answer.outcome, data=items)
            if not same_origin(following, url):  # the token would go with the call
                return refused("the LMS's next page of line items is on another site", answer.outcome.status)
            url = following
        return refused(f"the LMS's line items run past {MAX_PAGES} pages")

    def _call(self, request: _Request) -> _Answer:
        try:
            response = self._exchange(request)
        except TokenUnavailable as exc:
            return _Answer(classify(exc.status, exc.reason, "token"))
        except FetchFailed as exc:
            return _Answer(classify(None, str(exc).removeprefix(f"{request.url}: "), request.target))
        except UnsafeUrl:
            return _Answer(refused("the LMS's address resolves to one the tool may not call"))
        outcome = classify(response.status_code, _said(response), request.target, _retry_after(response))
        body = _json(response) if outcome.kind == "delivered" else None
        return _Answer(outcome, body, response.headers.get("Link", ""))

    def _exchange(self, request: _Request) -> requests.Response:
        """Send with the shared token; a 401 forgets it, and the call is tried once more with a new one."""
        token = self._tokens.get([request.scope])
        response = self._send(request, token)
        if response.status_code == 401:
            self._tokens.forget(token)
            response = self._send(request, self._tokens.get([request.scope]))
        return response

    def _send(self, request: _Request, token: AccessToken) -> requests.Response:
        headers = {"Authorization": f"Bearer {token.value}", "Accept": request.accept}
        data = None
        if request.body is not None:
            headers["Content-Type"] = request.content_type or "application/json"
            data = json.dumps(request.body)
        return self._http.request(request.method, request.url, data=data, headers=headers)


def _signing_key(sessions: Callable[[], Session]) -> ToolKey | None:
    """Read in a session of its own: the key outlives it (its columns are loaded)."""
    with sessions() as session:
        return keys.signing_key(session)


def _line_item(answer: _Answer) -> AgsOutcome:
    if answer.outcome.kind != "delivered":
        return answer.outcome
    if not isinstance(answer.body, dict):
        return refused("the LMS's answer is not a line item", answer.outcome.status)
    return replace(answer.outcome, data=answer.body)


def scores_url(lineitem_url: str) -> str:
    """The line item's score endpoint: /scores after its path, its query kept (Moodle's `?type_id=`)."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores", fragment=""))


def with_query(url: str, params: Mapping[str, str]) -> str:
    """The URL with these parameters added after the ones it has."""
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit(parts._replace(query=query, fragment=""))


_LINK = re.compile(r"<([^>]*)>([^<]*)")
_REL = re.compile(r"""\brel\s*=\s*["'\u201c\u201d]?([^"'\u201c\u201d;,]*)""", re.IGNORECASE)


def next_link(header: str, base: str) -> str | None:
    """The rel=next target of a Link header (RFC 8288), read as LMSs write it.

    The URL keeps its case (pylti1p3 lower-cases it, which breaks Canvas's
    cursors). `rel` matches in any case, quoted or not, among other values, and
    between Moodle's typographic quotes, which http.client hands over as Latin-1.
    """
    for target, params in _LINK.findall(_utf8(header)):
        rel = _REL.search(params)
        if rel is not None and "next" in rel.group(1).lower().split():
            return urljoin(base, target.strip())
    return None


def _utf8(header: str) -> str:
    """A header's UTF-8 bytes that http.client decoded as Latin-1, decoded again; any other text as it is."""
    try:
        return header.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return header


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
