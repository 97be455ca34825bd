"""The LMS's Assignment and Grade Services (AGS): scores and line items, each answer classified once.

pylti1p3's AssignmentsGradesService is not used (docs/research/issue12/ags-delivery.md
§1): it counts a 3xx as a success, loses Moodle's reason phrase, asks every scope
of the launch for every call, and stops paging at Moodle's typographic quotes.
Every call goes through lti.service_calls (the guarded transport, a token for
the one scope it needs, a 401 answered with one new token), and what the LMS
answered becomes an AgsOutcome (lti.service_outcomes) for the caller to record:
no HTTP status raises. An AgsClient serves one thread (its session closes its
connections after each exchange); two workers are two clients.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.orm import Session

from .models import Platform
from .service_calls import ServiceAnswer, ServiceCaller, ServiceRequest, next_link, pages, with_query
from .service_outcomes import AgsOutcome, classify, refused
from .transport import GuardedSession

__all__ = [
    "AGS", "CONTAINER_TYPE", "LINEITEM_TYPE", "MAX_PAGES", "SCOPE_LINEITEM", "SCOPE_LINEITEM_READONLY",
    "SCOPE_SCORE", "SCORE_TYPE", "AgsClient", "AgsOutcome", "classify", "next_link", "refused", "scores_url",
    "with_query",
]  # fmt: skip

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
        self._granted = None if scopes is None else frozenset(scopes)
        self._calls = ServiceCaller(sessions, platform, http)

    def post_score(self, lineitem_url: str, score: Mapping[str, Any]) -> AgsOutcome:
        """POST a score to the line item's /scores; data is None."""
        return self._checked(lineitem_url, (SCOPE_SCORE,), lambda scope: self._calls.call(ServiceRequest(
            "POST", scores_url(lineitem_url), "score", scope, "application/json", score, SCORE_TYPE)).outcome)

    def line_items(self, lineitems_url: str, *, resource_id: str | None = None,
                   resource_link_id: str | None = None, tag: str | None = None) -> AgsOutcome:
        """The container's line items matching the filters; data is the list across every page."""
        filters = {"resource_id": resource_id, "resource_link_id": resource_link_id, "tag": tag}
        return self._checked(lineitems_url, _READ_SCOPES, lambda scope: self._pages(
            with_query(lineitems_url, {k: v for k, v in filters.items() if v is not None}), scope))

    def create_line_item(self, lineitems_url: str, item: Mapping[str, Any]) -> AgsOutcome:
        """POST a new line item to the container; data is the created item (with its id)."""
        return self._checked(lineitems_url, (SCOPE_LINEITEM,), lambda scope: _line_item(self._calls.call(
            ServiceRequest("POST", lineitems_url, "line_item", scope, LINEITEM_TYPE, item, LINEITEM_TYPE))))

    def get_line_item(self, lineitem_url: str) -> AgsOutcome:
        """GET one line item; data is the item. A deleted column answers `gone`."""
        return self._checked(lineitem_url, _READ_SCOPES, lambda scope: _line_item(self._calls.call(
            ServiceRequest("GET", lineitem_url, "line_item", scope, LINEITEM_TYPE))))

    def _checked(self, url: str, scopes: tuple[str, ...], call: Callable[[str], AgsOutcome]) -> AgsOutcome:
        """Refuse without a call what cannot succeed: a pending registration, a URL, a scope not granted."""
        blocked = self._calls.precheck(url)
        if blocked is not None:
            return blocked
        scope = next((s for s in scopes if self._granted is None or s in self._granted), None)
        if scope is None:
            return refused(f"the LMS did not grant the scope {scopes[0].removeprefix(AGS)}")
        return call(scope)

    def _pages(self, url: str, scope: str) -> AgsOutcome:
        """Every page's line items (the filters are in the next links already), MAX_PAGES at most."""
        items: list[Any] = []
        for answer in pages(self._reader(scope), url, MAX_PAGES):
            if answer.outcome.kind != "delivered":
                return answer.outcome
            if not isinstance(answer.body, list) or not all(isinstance(i, dict) for i in answer.body):
                return refused("the LMS's answer is not a list of line items", answer.outcome.status)
            items += answer.body
        return replace(answer.outcome, data=items)  # the last page's: pages() yields at least one

    def _reader(self, scope: str) -> Callable[[str], ServiceAnswer]:
        return lambda page: self._calls.call(ServiceRequest("GET", page, "line_item", scope, CONTAINER_TYPE))


def _line_item(answer: ServiceAnswer) -> AgsOutcome:
    if answer.outcome.kind != "delivered":
        return answer.outcome
    if not isinstance(answer.body, dict):
        return refused("the LMS's answer is not a line item", answer.outcome.status)
    return replace(answer.outcome, data=answer.body)


def scores_url(lineitem_url: str) -> str:
    """The line item's score endpoint: /scores after its path, its query kept (Moodle's `?type_id=`)."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores", fragment=""))
