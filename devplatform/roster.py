"""Users, courses and memberships: what an LMS knows before it launches a tool."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

_LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
LEARNER = _LIS + "membership#Learner"
INSTRUCTOR = _LIS + "membership#Instructor"
CONTENT_DEVELOPER = _LIS + "membership#ContentDeveloper"
MENTOR = _LIS + "membership#Mentor"
INSTITUTION_ADMINISTRATOR = _LIS + "institution/person#Administrator"


@dataclass(frozen=True)
class User:
    """An LMS account; `id` is the LTI `sub`, the profile fields are optional as in Moodle."""

    id: str
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    locale: str | None = None
    custom: Mapping[str, str] = field(default_factory=dict)

    def profile(self) -> dict[str, str]:
        """The OIDC profile claims this user has; absent ones are left out, not sent empty."""
        fields = {
            "name": self.name,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "email": self.email,
            "locale": self.locale,
        }
        return {k: v for k, v in fields.items() if v}


# Who may add activities to a course, as Moodle's moodle/course:manageactivities.
STAFF_ROLES = frozenset({"Instructor", "ContentDeveloper", "Administrator"})


@dataclass(frozen=True)
class ResourceLink:
    """A placement of the tool in a course; one created by deep linking has the tool's own url and custom."""

    id: str
    title: str
    url: str | None = None
    custom: tuple[tuple[str, str], ...] = ()
    text: str | None = None


@dataclass(frozen=True)
class Context:
    """A course, with the tool links placed in it (the first one is the default)."""

    id: str
    label: str
    title: str
    links: tuple[ResourceLink, ...]

    def link(self, link_id: str | None = None) -> ResourceLink:
        """Find a link of this course; None means the first one. KeyError if absent."""
        for link in self.links:
            if link_id is None or link.id == link_id:
                return link
        raise KeyError(f"no resource link {link_id!r} in context {self.id!r}")

    def with_link(self, link: ResourceLink) -> Context:
        return replace(self, links=(*self.links, link))


@dataclass(frozen=True)
class Membership:
    """Roles are per course; a mentor also names the users it follows (role_scope_mentor)."""

    user_id: str
    context_id: str
    roles: tuple[str, ...]
    mentees: tuple[str, ...] = ()


@dataclass(frozen=True)
class Persona:
    """A user offered on the home page, with a French line saying who they stand for."""

    user_id: str
    context_id: str
    label: str


def short_role(role: str) -> str:
    """The name after '#', as people read it ("Learner")."""
    return role.rsplit("#", 1)[-1]


def is_staff(roles: Iterable[str]) -> bool:
    """True for a teacher, content developer or administrator (institution or system) of the course."""
    return any(short_role(role) in STAFF_ROLES for role in roles)


def has_role(roles: Iterable[str], wanted: str) -> bool:
    """NRPS `role` filter: a full URI, or a simple name for a context role."""
    return any(role == wanted or (role.startswith(_LIS + "membership#") and short_role(role) == wanted)
               for role in roles)
