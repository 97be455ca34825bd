"""From the LMS's role URIs to what a person may do here (DESIGN.md, data flow 2).

Anything unknown or empty makes a learner: the safest view, and the one a
person who launched from a course most likely expects.
"""
from __future__ import annotations

from dataclasses import dataclass

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


@dataclass(frozen=True)
class RoleFlags:
    is_learner: bool
    is_tutor: bool
    is_author: bool
    is_admin: bool
    is_mentor: bool


def _short(role: str) -> str:
    """The role's last word: `...membership#Learner`, `...membership/Instructor#TeachingAssistant`,
    and the short `Learner` all reduce to their name."""
    return role.rsplit("#", 1)[-1].rsplit("/", 1)[-1].strip().lower()


def _is_admin(role: str) -> bool:
    lowered = role.lower()
    if lowered.startswith((LIS + "institution/person#", LIS + "system/person#")):
        return _short(role) in {"administrator", "sysadmin"}
    return lowered in {LIS + "membership#administrator", "administrator"}


def _is_course_role(role: str) -> bool:
    """Institution and system roles say who someone is in the organisation, not in this course."""
    return not role.lower().startswith((LIS + "institution/", LIS + "system/"))


def map_roles(roles: list[str]) -> RoleFlags:
    """Map the roles claim to flags; a person may hold several."""
    valid = [r for r in roles if isinstance(r, str) and r.strip()]
    names = {_short(r) for r in valid if _is_course_role(r)}
    admin = any(_is_admin(r) for r in valid)
    tutor = bool(names & {"instructor", "teachingassistant"})
    author = "contentdeveloper" in names
    mentor = "mentor" in names
    explicit_learner = "learner" in names
    learner = explicit_learner or not (tutor or author or mentor or admin)
    return RoleFlags(is_learner=learner, is_tutor=tutor, is_author=author, is_admin=admin, is_mentor=mentor)
