"""The NRPS client (lti.roster_service): the whole roster, every page, as LMSs page it.

Issue 13, point 1: "The course's members come from the LMS's Names and Role
Provisioning Service, all pages of it (`rel` compared without case, the next URL
kept byte for byte) [...] the dev platform's roster includes learners who never
launch [...] members are marked as left only after a complete sync of every
page". The dev platform serves the real roster over HTTP; the stand-in LMS gives
what it cannot (Moodle's typographic quotes, an upper-case REL, a cursor with
mixed-case escapes, a next page elsewhere, an error mid-way, malformed members).
"""
from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from devplatform.seed import LILLE, ROUBAIX
from lti import roster_service
from lti.models import Platform
from lti.roster_members import MAX_EMAIL_LENGTH, Member
from lti.roster_service import MEMBERSHIP_CONTAINER_TYPE, SCOPE_MEMBERSHIPS, RosterClient
from lti.settings import outbound_policy
from lti.transport import GuardedSession

from .stand_in_lms import Answer
from .test_ags_client import moodle_link

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
LEARNER = LIS + "membership#Learner"
INSTRUCTOR = LIS + "membership#Instructor"
MENTOR = LIS + "membership#Mentor"
ADMINISTRATOR = LIS + "institution/person#Administrator"
NEVER_LAUNCHED = {"yasmine-benali", "dylan-carpentier", "amandine-lefort", "rachid-ouali"}
ROUBAIX_STAFF = {"nadia-haddad", "julien-lemaire", "claire-vasseur", "olivier-martin"}


class Recording(GuardedSession):
    """The guarded transport, noting each URL and Accept header the client hands it, exactly as handed."""

    def __init__(self, app: Flask) -> None:
        super().__init__(outbound_policy(app.config))
        self.asked: list[tuple[str, str]] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        self.asked.append((str(url), kwargs.get("headers", {}).get("Accept", "")))
        return super().request(method, url, *args, **kwargs)


@pytest.fixture
def nrps(app: Flask) -> Callable[[int], tuple[RosterClient, Recording]]:
    """`nrps(registration_id)`: a roster client as the worker builds one, and its transport."""
    sessions = app.extensions["db"]

    def make(registration_id: int) -> tuple[RosterClient, Recording]:
        with sessions() as session:
            platform = session.get(Platform, registration_id)
        assert platform is not None
        http = Recording(app)
        return RosterClient(sessions, platform, http), http

    return make


@pytest.fixture
def read(nrps, stand_in_registration) -> Callable[..., roster_service.Roster]:
    """`read(url, **filters)`: the stand-in LMS's roster at `url`, read by a new client."""
    return lambda url, **filters: nrps(stand_in_registration)[0].members(url, **filters)


@pytest.fixture
def url(lms) -> str:
    """A memberships URL on the stand-in (which answers its script under /ags/)."""
    return f"{lms.url}/ags/CourseSection/7/bindings/3/memberships"


def member(user_id: str, *roles: str, **fields: Any) -> dict[str, Any]:
    return {"status": "Active", "user_id": user_id, "roles": list(roles or (LEARNER,)), **fields}


def page(*members: Any, link: str = "", context: str = "course-7") -> Answer:
    """One page of a membership container, as NRPS 2.0 shapes it."""
    body = {"id": "memberships", "context": {"id": context, "label": "C7", "title": "Course 7"},
            "members": list(members)}
    return Answer(200, body, {"Link": link} if link else {})


def ids(roster: roster_service.Roster) -> list[str]:
    return [m.user_id for m in roster.members]


def test_the_dev_platform_roster_lists_learners_who_never_launched(platform, nrps, registered) -> None:
    before = len(platform.issued_tokens)
    client, http = nrps(registered)
    roster = client.members(platform.urls.memberships(ROUBAIX))
    assert (roster.complete, roster.outcome.kind, roster.context_id, roster.skipped) == (
        True, "delivered", ROUBAIX, 0)
    learners = {m.user_id for m in roster.members if m.roles == (LEARNER,)}
    # The platform lives for the whole session: other tests may have enrolled more learners in Roubaix.
    assert {"ines-belkacem", "kevin-dufour"} | NEVER_LAUNCHED <= learners
    assert set(ids(roster)) == learners | ROUBAIX_STAFF
    people = {m.user_id: m for m in roster.members}
    assert people["yasmine-benali"] == Member("yasmine-benali", (LEARNER,), "Active", "Yasmine Benali", "Yasmine",
                                              "Benali", "yasmine.benali@example.org")
    assert people["rachid-ouali"].email is None
    assert people["claire-vasseur"].roles == (ADMINISTRATOR, INSTRUCTOR)
    assert [accept for _, accept in http.asked] == [MEMBERSHIP_CONTAINER_TYPE]
    [token] = platform.issued_tokens[before:]
    assert token.scopes == {SCOPE_MEMBERSHIPS}


def test_the_dev_platform_roster_read_page_by_page_is_the_same(platform, nrps, registered) -> None:
    """Lille's eight members three at a time: three pages, no new token, the same people in the same order."""
    whole = nrps(registered)[0].members(platform.urls.memberships(LILLE))
    before = len(platform.issued_tokens)
    client, http = nrps(registered)
    paged = client.members(platform.urls.memberships(LILLE), limit=3)
    assert paged.complete and ids(paged) == ids(whole) and len(whole.members) == 8
    assert len(http.asked) == 3 and "limit=3" in http.asked[0][0]
    assert len(platform.issued_tokens) == before  # the first read's token, kept in the database


def test_the_dev_platform_filters_by_role(platform, nrps, registered) -> None:
    client, _ = nrps(registered)
    learners = {m.user_id for m in client.members(platform.urls.memberships(ROUBAIX), role="Learner").members}
    assert {"ines-belkacem", "kevin-dufour"} | NEVER_LAUNCHED <= learners and not learners & ROUBAIX_STAFF
    mentors = client.members(platform.urls.memberships(ROUBAIX), role=MENTOR)
    assert ids(mentors) == ["olivier-martin"] and mentors.complete


def test_every_page_is_read_whatever_the_rel_spelling_and_differences_are_not_followed(lms, read, url) -> None:
    """An upper-case REL="NEXT", Moodle's “next” in UTF-8 bytes, a bare rel=Next; `differences` never called."""
    pages = [f"{url}?from=2", f"{url}?from=4", f"{url}?from=6"]
    differences = f"{url}?since=2026-11-01"
    lms.script = [
        page(member("a"), member("b"), link=f'<{differences}>; rel="differences", <{pages[0]}>; REL="NEXT"'),
        page(member("c"), link=moodle_link((pages[1], "next"), (differences, "differences"))),
        page(member("d"), link=f"<{pages[2]}>; rel=Next"),
        page(member("e"), link=f'<{differences}>; rel="differences"'),
    ]
    roster = read(url)
    assert roster.complete and roster.outcome.kind == "delivered" and ids(roster) == ["a", "b", "c", "d", "e"]
    assert [f"{lms.url}{c.url}" for c in lms.calls] == [url, *pages]
    assert len(lms.token_requests) == 1 and lms.token_requests[0]["scope"] == SCOPE_MEMBERSHIPS


def test_the_next_url_is_kept_byte_for_byte(lms, nrps, stand_in_registration, url) -> None:
    """A cursor in mixed case with mixed-case escapes goes to the transport exactly as the LMS wrote it."""
    following = f"{lms.url}/ags/Roster/Members?Cursor=AbC%2fdE%2FfG&Page=Zw%3d%3D&rlid=3"
    lms.script = [page(member("a"), link=f'<{following}>; rel="next"'), page(member("b"))]
    client, http = nrps(stand_in_registration)
    roster = client.members(url)
    assert roster.complete and ids(roster) == ["a", "b"]
    assert [asked for asked, _ in http.asked] == [url, following]


@pytest.fixture
def cursor_paging(platform):
    """The dev platform pages by opaque cursors it answers only at the URL it gave (page_cursors.py)."""
    platform.page_cursors.on = True
    yield platform.page_cursors
    platform.page_cursors.reset()


def test_the_next_url_goes_on_the_wire_byte_for_byte(platform, nrps, registered, cursor_paging) -> None:
    """Issue 13, point 1: "the next URL kept byte for byte". The dev platform's cursors carry a lower-case
    escape (%2f) and a `+`, and the platform refuses a cursor page at any other target (as an LMS that signs
    its page URLs does): requests and urllib3 would send %2F."""
    whole = nrps(registered)[0].members(platform.urls.memberships(LILLE))
    client, http = nrps(registered)
    paged = client.members(platform.urls.memberships(LILLE), limit=3)
    assert (paged.complete, paged.outcome.kind) == (True, "delivered") and ids(paged) == ids(whole)
    received = cursor_paging.received
    assert len(received) == 2 and all("%2f" in target and "+k" in target for target in received)
    assert [f"{platform.urls.base}{target}" for target in received] == [asked for asked, _ in http.asked[1:]]


def test_a_next_page_on_another_site_is_refused(lms, read, url) -> None:
    elsewhere = url.replace("localhost", "127.0.0.1")
    lms.script = [page(member("a"), link=f'<{elsewhere}?from=2>; rel="next"')]
    roster = read(url)
    assert (roster.complete, roster.outcome.kind, ids(roster)) == (False, "refused", ["a"])
    assert "another site" in roster.outcome.detail and len(lms.calls) == 1


@pytest.mark.parametrize(("failure", "kind", "retry_after"), [
    (Answer(503, headers={"Retry-After": "120"}), "retry", 120.0),
    (Answer(429), "retry", None),
    (Answer(500), "retry", None),
    (Answer(404), "gone", None),
    (Answer(403, {"error": "Not allowed"}), "refused", None),
    (Answer(200, [{"user_id": "c"}]), "refused", None),  # a list, not a membership container
    (Answer(200, {"members": "c"}), "refused", None),
])
def test_an_error_in_the_middle_leaves_the_roster_incomplete(lms, read, url, failure, kind, retry_after) -> None:
    """What was read is kept (the app adds it) but the roster is not complete (nobody is marked as left)."""
    lms.script = [page(member("a"), link=f'<{url}?from=2>; rel="next"'), failure]
    roster = read(url)
    assert (roster.complete, roster.outcome.kind, roster.outcome.retry_after, ids(roster)) == (
        False, kind, retry_after, ["a"])
    assert roster.context_id == "course-7" and len(lms.calls) == 2


def test_no_answer_is_worth_another_try(lms, read) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again when the block ends: nobody listens there
    roster = read(f"http://localhost:{port}/memberships")
    assert (roster.complete, roster.outcome.kind, roster.outcome.status, roster.members) == (False, "retry", None, [])


def test_malformed_members_are_skipped_and_counted(lms, read, url) -> None:
    too_long = "x" * 256
    lms.script = [page(
        "not an object", None, {"roles": [LEARNER]}, member(""), member(42), member(too_long), member("a\x00b"),
        {"user_id": "roles-text", "roles": "Learner"}, {"user_id": "roles-number", "roles": [7]},
        member("suspended", status="Suspended"), member("status-number", status=1),
        {"user_id": "minimal"},
        member("moodle", "Learner", "Instructor", "http://purl.imsglobal.org/vocab/lis/v2/person#Administrator",
               "Learner", "", name="  Inès\x00 Belkacem ", given_name=too_long, family_name=["Belkacem"],
               email="e" * (MAX_EMAIL_LENGTH - 12) + "@example.org", status="inactive"),
        member("gone", status="Deleted", email="e" * MAX_EMAIL_LENGTH + "@example.org"),
    )]
    roster = read(url)
    assert roster.complete and roster.skipped == 11
    assert roster.members == [
        Member("minimal", (), "Active"),
        Member("moodle", (LEARNER, INSTRUCTOR, LIS + "person#Administrator"), "Inactive", "Inès Belkacem", None,
               None, "e" * (MAX_EMAIL_LENGTH - 12) + "@example.org"),
        Member("gone", (LEARNER,), "Deleted"),
    ]


def test_a_member_listed_twice_is_kept_once(lms, read, url) -> None:
    """An LMS paging by offset while someone enrols lists a member on two pages: the first listing counts."""
    lms.script = [page(member("a"), member("b", name="B"), link=f'<{url}?from=2>; rel="next"'),
                  page(member("b", name="B again"), member("c"), member("a"))]
    roster = read(url)
    assert roster.complete and ids(roster) == ["a", "b", "c"] and roster.members[1].name == "B"


def test_a_401_gets_one_new_token_then_the_roster(lms, read, url) -> None:
    lms.script = [Answer(401), page(member("a"))]
    roster = read(url)
    assert roster.complete and ids(roster) == ["a"]
    assert [c.authorization for c in lms.calls] == [f"Bearer {t}" for t in lms.tokens] and len(lms.tokens) == 2

    lms.calls.clear()
    lms.script = [Answer(401), Answer(401)]
    roster = read(url)
    assert (roster.complete, roster.outcome.kind, roster.outcome.status) == (False, "refused", 401)
    assert len(lms.calls) == 2 and len(lms.tokens) == 3


def test_the_page_cap_and_the_member_cap_stop_the_reading(lms, read, url, monkeypatch) -> None:
    monkeypatch.setattr(roster_service, "MAX_PAGES", 3)
    lms.script = [page(member(str(i)), link=f'<{url}?from={i + 1}>; rel="next"') for i in range(4)]
    roster = read(url)
    assert (roster.complete, roster.outcome.kind, ids(roster)) == (False, "refused", ["0", "1", "2"])
    assert len(lms.calls) == 3 and "3" in roster.outcome.detail

    lms.calls.clear()
    monkeypatch.setattr(roster_service, "MAX_MEMBERS", 2)
    lms.script = [page(member("a"), member("a"), member("b"), member("c"))]
    roster = read(url)
    assert (roster.complete, roster.outcome.kind, ids(roster)) == (False, "refused", ["a", "b"])


def test_filters_are_added_to_the_launch_url(lms, read, url) -> None:
    lms.script = [page(member("a"))]
    assert read(f"{url}?rlid=3", role="Learner", limit=50).complete
    assert lms.calls[0].url.endswith("/memberships?rlid=3&role=Learner&limit=50")
    with pytest.raises(ValueError):
        read(url, limit=0)


@pytest.mark.parametrize("address", ["http://lms.example.org/memberships", "ftp://localhost/memberships"])
def test_an_address_the_tool_may_not_call_costs_no_token(lms, read, address) -> None:
    roster = read(address)
    assert (roster.complete, roster.outcome.kind, roster.members) == (False, "refused", [])
    assert lms.token_requests == [] and lms.calls == []
