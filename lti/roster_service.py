"""The LMS's Names and Role Provisioning Service (NRPS 2.0): a course's whole roster, every page of it.

The roster is how the tool learns of people who never launched it, and a
complete read is what lets the app mark the others as left; so the Roster says
whether every page was read, and a read that stopped (an error, a next page on
another site, the page or member cap) keeps what it had read but never claims
to be complete. Pages are followed by their `Link: rel="next"` header as LMSs
write it (lti.service_calls.next_link: `rel` in any case, Moodle's typographic
quotes, the URL kept as sent, on the wire too: lti.transport); `differences`
links are not followed; a next page on another site is refused (the token would
go with the call). A caller may stop a long read between two pages
(`between_pages`: a worker asked to stop, or one that lost its hold on the
course). Members are hostile input (lti.roster_members). Calls share the AGS client's guarded
exchange and token store, so a 401 gets one new token and timeouts, 429 and
5xx answer `retry`. A RosterClient serves one thread.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from .message import is_identifier
from .models import Platform
from .roster_members import Member, read_member
from .service_calls import ServiceAnswer, ServiceCaller, ServiceRequest, next_link, pages, with_query
from .service_outcomes import AgsOutcome, refused
from .transport import GuardedSession

__all__ = ["MAX_MEMBERS", "MAX_PAGES", "MEMBERSHIP_CONTAINER_TYPE", "SCOPE_MEMBERSHIPS", "STOPPED", "Member",
           "Roster", "RosterClient"]  # fmt: skip

SCOPE_MEMBERSHIPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEMBERSHIP_CONTAINER_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
# Even at ten members a page, 1,000 pages hold 10,000; the cap stops an LMS paging in circles, and the
# member cap bounds memory whatever the page size.
MAX_PAGES = 1000
MAX_MEMBERS = 100_000
# A read its caller stopped between two pages: incomplete, worth reading again later (not the LMS's fault).
STOPPED = AgsOutcome("retry", None, "the read was stopped between two pages")


@dataclass(frozen=True)
class Roster:
    members: list[Member]  # each person once, in the LMS's order
    complete: bool  # True only when every page was read
    context_id: str | None  # the roster's context.id, as its first page gives it
    outcome: AgsOutcome  # "delivered" when complete; otherwise why not
    skipped: int = 0  # entries skipped as malformed (no usable user_id, roles or status)


class RosterClient:
    """NRPS calls with the credentials of one registration (the one whose launch gave the memberships URL).

    The same conventions as AgsClient: `sessions` is the app's sessionmaker for
    the token store's own transactions, `http` the guarded transport, by default
    `lti.settings.http_session()` (in an app context).
    """

    def __init__(self, sessions: Callable[[], Session], platform: Platform,
                 http: GuardedSession | None = None) -> None:
        self._calls = ServiceCaller(sessions, platform, http)

    def members(self, memberships_url: str, *, role: str | None = None, limit: int | None = None,
                between_pages: Callable[[], bool] | None = None) -> Roster:
        """Every member across every page; `role` filters on the LMS's side, `limit` asks a page size.

        `between_pages()` is asked before each next page is requested; False
        stops the read there, incomplete, with the outcome STOPPED.
        """
        blocked = self._calls.precheck(memberships_url)
        if blocked is not None:
            return Roster([], False, None, blocked)
        reading = _Reading()
        for answer in pages(self._get, _first_page(memberships_url, role, limit), MAX_PAGES):
            stop = reading.add(answer)
            if stop is not None:
                return reading.roster(stop, complete=False)
            more = next_link(answer.link, memberships_url) is not None
            if more and between_pages is not None and not between_pages():
                return reading.roster(STOPPED, complete=False)
        return reading.roster(answer.outcome, complete=True)

    def _get(self, url: str) -> ServiceAnswer:
        return self._calls.call(ServiceRequest("GET", url, "roster", SCOPE_MEMBERSHIPS, MEMBERSHIP_CONTAINER_TYPE))


def _first_page(url: str, role: str | None, limit: int | None) -> str:
    """The memberships URL as the launch gave it, with the filters added only when there are some."""
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    params = {k: str(v) for k, v in {"role": role, "limit": limit}.items() if v is not None}
    return with_query(url, params) if params else url


@dataclass
class _Reading:
    """What the pages read so far say: members by user_id (the first listing wins), the context, skips."""

    members: dict[str, Member] = field(default_factory=dict)
    context_id: str | None = None
    skipped: int = 0

    def add(self, answer: ServiceAnswer) -> AgsOutcome | None:
        """Take one page in; the outcome that stops the reading, if it must stop."""
        if answer.outcome.kind != "delivered":
            return answer.outcome
        entries = answer.body.get("members") if isinstance(answer.body, dict) else None
        if not isinstance(entries, list):
            return refused("the LMS's answer is not a membership container", answer.outcome.status)
        if self.context_id is None:
            self.context_id = _context_id(answer.body)
        for entry in entries:
            member = read_member(entry)
            if member is None:
                self.skipped += 1
            elif member.user_id not in self.members:
                if len(self.members) >= MAX_MEMBERS:
                    return refused(f"the LMS's roster runs past {MAX_MEMBERS} members", answer.outcome.status)
                self.members[member.user_id] = member
        return None

    def roster(self, outcome: AgsOutcome, *, complete: bool) -> Roster:
        return Roster(list(self.members.values()), complete, self.context_id, replace(outcome, data=None),
                      self.skipped)


def _context_id(body: dict[str, Any]) -> str | None:
    """The container's context.id when it is one the launch could have given (a string or a number)."""
    context = body.get("context")
    value = context.get("id") if isinstance(context, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    found = str(value)
    return found if found and is_identifier(found) else None
