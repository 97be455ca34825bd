"""A validated launch becomes rows: course, person, membership, resource link (DESIGN.md, data flow 2).

People and courses belong to the LMS (by `sub` and context id), whichever of
its registrations they launch through; the resource link keeps the registration
that issued it, for the score and roster calls made later. Every row is
inserted or found in one step, so two first launches of one person at once
both land. Whatever the LMS leaves out (names, email, course, known roles), the
launch still lands: missing facts are stored as missing and explained on the page.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import redirect, url_for
from flask_babel import get_timezone
from sqlalchemy.orm import InstrumentedAttribute
from werkzeug.wrappers import Response

from lti import LaunchMessage

from .content import get_catalogue
from .db import get_session, insert_or_get, utcnow
from .models import ON_SITE, REMOTE, Context, Membership, ResourceLink, User
from .roles import map_roles
from .sessions import set_binding_cookie, start_session

MODALITY_WORDS = {
    "presentiel": ON_SITE, "présentiel": ON_SITE, "sur_site": ON_SITE, "on_site": ON_SITE, "onsite": ON_SITE,
    "distanciel": REMOTE, "a_distance": REMOTE, "à_distance": REMOTE, "remote": REMOTE,
}  # fmt: skip


def handle_launch(launch: LaunchMessage) -> Response:
    """Record who launched from where, open their launch session, then the right page for them."""
    membership = record_launch(launch)
    deep_linking_id = launch.launch_id if launch.is_deep_linking else None
    opened = start_session(membership, launch.frame_origin, launch.return_url, deep_linking_id)
    response = redirect(_first_page(launch, membership, opened.token), code=303)
    return set_binding_cookie(response, opened)


def _first_page(launch: LaunchMessage, membership: Membership, token: str) -> str:
    if launch.is_deep_linking:
        return url_for("deep_linking.choose", lt=token)
    if membership.is_staff and membership.context.has_course:
        return url_for("tutor.dashboard", lt=token)
    if membership.is_author and not membership.is_learner:
        return url_for("author.index", lt=token)
    slug = launch.custom.get("module")  # set on the links that deep linking placed
    if slug and get_catalogue().get(slug) is not None:
        return url_for("learner.module", slug=slug, lt=token)
    return url_for("learner.path", lt=token)


def record_launch(launch: LaunchMessage) -> Membership:
    """Create or update the rows of this launch and return the membership."""
    now = utcnow()
    context = _context(launch)
    user = _user(launch)
    membership = _membership(context, user, launch, now)
    if launch.link is not None:
        _resource_link(context, launch)
    get_session().flush()
    return membership


def _context(launch: LaunchMessage) -> Context:
    course = launch.course
    # Without a course, a stand-in per deployment: there is nobody to follow, only someone to serve.
    lti_id = course.id if course else f"deployment:{launch.registration_id}:{launch.deployment_id}"
    context, _ = insert_or_get(
        get_session(), Context, {"lms_id": launch.lms_id, "lti_context_id": lti_id},
        has_course=course is not None, created_at=utcnow(),
    )  # fmt: skip
    if course is not None:
        context.label = _cut(course.label, Context.label)
        context.title = _cut(course.title, Context.title) or context.label
    return context


def _user(launch: LaunchMessage) -> User:
    person = launch.person
    user, _ = insert_or_get(
        get_session(), User, {"lms_id": launch.lms_id, "sub": person.sub}, created_at=utcnow()
    )
    # The LMS is the source of truth for personal data: what it stops sending is dropped.
    user.name = _cut(person.name, User.name) or None
    user.given_name = _cut(person.given_name, User.given_name) or None
    user.family_name = _cut(person.family_name, User.family_name) or None
    user.email = _cut(person.email, User.email) or None
    user.locale = _cut(person.locale, User.locale) or None
    return user


def _membership(context: Context, user: User, launch: LaunchMessage, now: datetime) -> Membership:
    session = get_session()
    session.flush()
    membership, _ = insert_or_get(
        session, Membership, {"context_id": context.id, "user_id": user.id},
        entry_date=now.astimezone(get_timezone()).date(), first_launch_at=now, last_launch_at=now,
    )  # fmt: skip
    flags = map_roles(launch.roles)
    membership.roles = [role.uri for role in launch.roles]
    membership.is_learner, membership.is_tutor = flags.is_learner, flags.is_tutor
    membership.is_author, membership.is_admin, membership.is_mentor = flags.is_author, flags.is_admin, flags.is_mentor
    membership.mentor_scope = list(launch.mentor_scope)
    # The LMS's custom parameter fills the modality in; once set, it is the référent's to change.
    if membership.modality is None:
        membership.modality = _modality(launch.custom)
    membership.last_launch_at = now
    return membership


def _modality(custom: Mapping[str, str]) -> str | None:
    """On site or remote, from a custom parameter the LMS may send (`modalite` or `modality`)."""
    value = custom.get("modalite") or custom.get("modality")
    if not value:
        return None
    return MODALITY_WORDS.get(value.strip().lower().replace(" ", "_").replace("-", "_"))


def _resource_link(context: Context, launch: LaunchMessage) -> ResourceLink:
    assert launch.link is not None
    link, _ = insert_or_get(
        get_session(), ResourceLink, {"context_id": context.id, "lti_resource_link_id": launch.link.id},
        deployment_id=launch.deployment_id, updated_at=utcnow(),
    )  # fmt: skip
    link.registration_id = launch.registration_id
    link.deployment_id = launch.deployment_id
    link.title = _cut(launch.link.title, ResourceLink.title)
    grades = launch.grades
    link.ags_lineitems_url = grades.lineitems_url if grades else None
    link.ags_lineitem_url = grades.lineitem_url if grades else None
    link.ags_scopes = list(grades.scopes) if grades else []
    link.nrps_url = launch.roster_url
    link.custom = dict(launch.custom)
    return link


def _cut(value: str | None, column: InstrumentedAttribute[Any]) -> str:
    """Free text cut to its column (lti/ cleaned it already); identifiers are never cut."""
    return (value or "")[: column.type.length].strip()
