"""From the LMS's roles (typed by lti/) to what a person may do here (DESIGN.md, data flow 2).

Anything unknown or empty makes a learner: the safest view, and the one a
person who launched from a course most likely expects. Institution and system
roles say who someone is in the organisation, not in this course: only their
Administrator makes a platform administrator (the programme manager).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lti import CONTEXT, INSTITUTION, SYSTEM, Role

TUTOR_ROLES = {"instructor", "teachingassistant"}
ADMIN_NAMES = {"administrator", "sysadmin"}


@dataclass(frozen=True)
class RoleFlags:
    is_learner: bool
    is_tutor: bool
    is_author: bool
    is_admin: bool
    is_mentor: bool


def map_roles(roles: Iterable[Role]) -> RoleFlags:
    """Map the launch's roles to flags; a person may hold several."""
    roles = list(roles)
    names = {role.name.lower() for role in roles if role.scope == CONTEXT}
    names |= {role.sub_role.lower() for role in roles if role.scope == CONTEXT and role.sub_role}
    admin = any(
        role.name.lower() in ADMIN_NAMES and role.scope in (INSTITUTION, SYSTEM)
        or role.scope == CONTEXT and role.name.lower() == "administrator"
        for role in roles
    )
    tutor = bool(names & TUTOR_ROLES)
    author = "contentdeveloper" in names
    mentor = "mentor" in names
    learner = "learner" in names or not (tutor or author or mentor or admin)
    return RoleFlags(is_learner=learner, is_tutor=tutor, is_author=author, is_admin=admin, is_mentor=mentor)
