"""What the LMS sent, typed: the parts of a validated launch the service may use.

The claims of an id_token are read here, once: their URIs, their shapes, and
what an LMS may leave out or send in another form (short role names, a locale
only in launch_presentation, a scope that is not a list). The service receives
plain values and never parses a claim itself. Identifiers (sub, context, link,
deployment) were checked whole by the validation (lti.validation); free text is
cleaned of what no database keeps but not cut: the service cuts to its columns.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import claims as c
from .framing import origin

DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
# LTI 1.3 caps sub, context, resource link and deployment ids at 255 characters; so do the columns.
MAX_IDENTIFIER_LENGTH = 255
LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
CONTEXT, INSTITUTION, SYSTEM = "context", "institution", "system"
_SCOPES = ((LIS + "membership", CONTEXT), (LIS + "institution/person", INSTITUTION), (LIS + "system/person", SYSTEM))


@dataclass(frozen=True)
class Role:
    """An LTI role: where it applies (context, institution or system) and its name.

    `membership/Instructor#TeachingAssistant` is the context role Instructor with
    the sub-role TeachingAssistant; a short name (`Learner`) is a context role;
    a URI of no known vocabulary keeps its last word, scope "other".
    """

    scope: str
    name: str
    sub_role: str | None = None
    uri: str = ""  # as the LMS sent it, for the record


def parse_role(uri: str) -> Role | None:
    """Read one entry of the roles claim; None for an empty one."""
    text = uri.strip()
    if not text:
        return None
    for prefix, scope in _SCOPES:
        if text.startswith(prefix + "#"):
            return Role(scope, text[len(prefix) + 1 :], uri=text)
        if scope == CONTEXT and text.startswith(prefix + "/"):
            principal, _, sub_role = text[len(prefix) + 1 :].partition("#")
            return Role(scope, principal, sub_role or None, uri=text)
    if "/" not in text and "#" not in text and ":" not in text:
        return Role(CONTEXT, text, uri=text)
    return Role("other", text.rsplit("#", 1)[-1].rsplit("/", 1)[-1], uri=text)


@dataclass(frozen=True)
class Person:
    sub: str
    name: str | None
    given_name: str | None
    family_name: str | None
    email: str | None
    locale: str | None


@dataclass(frozen=True)
class Course:
    """The LMS's course (the launch's context)."""

    id: str
    label: str | None
    title: str | None


@dataclass(frozen=True)
class Link:
    """The placement of the tool in the course (the resource link)."""

    id: str
    title: str | None


@dataclass(frozen=True)
class GradeService:
    """Assignment and Grade Services: where the course's line items and this link's own one live."""

    lineitems_url: str | None
    lineitem_url: str | None
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class LaunchMessage:
    """A validated launch: who, where, with which roles, and which services of the LMS it opens."""

    launch_id: str
    lms_id: int
    registration_id: int
    deployment_id: str
    message_type: str
    person: Person
    course: Course | None
    link: Link | None
    roles: tuple[Role, ...]
    mentor_scope: tuple[str, ...]
    grades: GradeService | None
    roster_url: str | None
    custom: Mapping[str, str]
    return_url: str | None
    frame_origin: str | None

    @property
    def is_deep_linking(self) -> bool:
        return self.message_type == DEEP_LINKING_REQUEST


def read_message(
    body: Mapping[str, Any], *, launch_id: str, lms_id: int, registration_id: int
) -> LaunchMessage:
    """The typed parts of a launch whose claims have passed every check of lti.validation."""
    presentation = _object(body, c.LAUNCH_PRESENTATION)
    return LaunchMessage(
        launch_id=launch_id,
        lms_id=lms_id,
        registration_id=registration_id,
        deployment_id=str(body[c.DEPLOYMENT_ID]),
        message_type=str(body[c.MESSAGE_TYPE]),
        person=Person(
            sub=str(body["sub"]),
            name=text(body.get("name")),
            given_name=text(body.get("given_name")),
            family_name=text(body.get("family_name")),
            email=text(body.get("email")),
            locale=text(body.get("locale")) or text(presentation.get("locale")),
        ),
        course=_course(_object(body, c.CONTEXT)),
        link=_link(_object(body, c.RESOURCE_LINK)),
        roles=tuple(role for role in map(parse_role, _strings(body.get(c.ROLES))) if role is not None),
        # Only what can be someone's sub: the scope is matched against stored subs.
        mentor_scope=tuple(s for s in _strings(body.get(c.ROLE_SCOPE_MENTOR)) if is_identifier(s)),
        grades=_grades(_object(body, c.AGS_ENDPOINT)),
        roster_url=_url(_object(body, c.NRPS).get("context_memberships_url")),
        custom=MappingProxyType({str(k): str(v) for k, v in _object(body, c.CUSTOM).items() if isinstance(v, str)}),
        return_url=_url(presentation.get("return_url")),
        frame_origin=web_origin(body),
    )


def web_origin(body: Mapping[str, Any]) -> str | None:
    """Where the LMS's pages live, from a verified launch.

    The return URL and the deep linking return URL point at the LMS's pages, even
    for hosted Canvas, whose issuer (canvas.instructure.com) is not where its
    courses are; the issuer is the fallback (Moodle's issuer is its web root).
    """
    candidates = (
        _object(body, c.LAUNCH_PRESENTATION).get("return_url"),
        _object(body, c.DEEP_LINKING_SETTINGS).get("deep_link_return_url"),
        body.get("iss"),
    )
    return next((found for found in map(origin, candidates) if found), None)


def storable(value: str) -> bool:
    """Text a database can keep as it is: no NUL (PostgreSQL refuses it), nothing UTF-8 cannot encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def is_identifier(value: str) -> bool:
    """An identifier the columns keep whole: storable and at most 255 characters."""
    return storable(value) and len(value) <= MAX_IDENTIFIER_LENGTH


def text(value: Any) -> str | None:
    """Free text from a claim, trimmed, without what no database keeps (NUL, unpaired surrogates)."""
    if not isinstance(value, str):
        return None
    cleaned = value.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8").strip()
    return cleaned or None


def _course(claim: Mapping[str, Any]) -> Course | None:
    if not claim.get("id"):
        return None
    return Course(id=str(claim["id"]), label=text(claim.get("label")), title=text(claim.get("title")))


def _link(claim: Mapping[str, Any]) -> Link | None:
    if not claim.get("id"):
        return None
    return Link(id=str(claim["id"]), title=text(claim.get("title")))


def _grades(claim: Mapping[str, Any]) -> GradeService | None:
    if not claim:
        return None
    return GradeService(
        lineitems_url=_url(claim.get("lineitems")),
        lineitem_url=_url(claim.get("lineitem")),
        scopes=tuple(_strings(claim.get("scope"))),
    )


def _url(value: Any) -> str | None:
    """A service or return URL, kept whole or not at all (a cut URL would call the wrong place)."""
    found = text(value)
    return found if found and origin(found) and len(found) <= 1000 else None


def _strings(value: Any) -> list[str]:
    """The strings of a claim that should be a list of strings; anything else reads as empty."""
    return [item for item in value if isinstance(item, str) and text(item)] if isinstance(value, list) else []


def _object(body: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A claim that should be a JSON object; anything else reads as empty."""
    value = body.get(name)
    return value if isinstance(value, dict) else {}
