"""A validated launch becomes rows: course, person, membership, resource link (DESIGN.md, data flow 2).

People and courses belong to the LMS (by `sub` and context id), whichever of
its registrations they launch through; the resource link keeps the registration
that issued it, for the score and roster calls made later. A launch of
someone known finds all their rows in one query; on a first launch every row is
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
from sqlalchemy import and_, bindparam, select
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
    """Create or update the rows of this launch and return the membership.

    Someone launching again finds all their rows in one query, and only what
    changed is written, at the request's commit; a first launch creates them.
    """
    now = utcnow()
    context, user, membership, link = _known_rows(launch) or _first_rows(launch, now)
    _fill_context(context, launch)
    _fill_user(user, launch)
    _fill_membership(membership, launch, now)
    if launch.link is not None:
        _fill_link(link or _new_link(context, launch), launch)
    return membership


# Built once: building this statement costs more than running it. A launch without a link
# passes None as link_id, which matches no link (= NULL is never true).
_KNOWN_ROWS = (
    select(Context, User, Membership, ResourceLink)
    .join(Membership, Membership.context_id == Context.id)
    .join(User, User.id == Membership.user_id)
    .outerjoin(ResourceLink, and_(
        ResourceLink.context_id == Context.id, ResourceLink.lti_resource_link_id == bindparam("link_id")
    ))
    .where(Context.lms_id == bindparam("lms_id"), Context.lti_context_id == bindparam("context_id"))
    .where(User.lms_id == bindparam("lms_id"), User.sub == bindparam("sub"))
)  # fmt: skip


def _known_rows(launch: LaunchMessage) -> tuple[Context, User, Membership, ResourceLink | None] | None:
    """Course, person, membership and link of someone who launched here before, in one query."""
    row = get_session().execute(_KNOWN_ROWS, {
        "lms_id": launch.lms_id, "context_id": _context_key(launch), "sub": launch.person.sub,
        "link_id": launch.link.id if launch.link else None,
    }).first()  # fmt: skip
    return (row[0], row[1], row[2], row[3]) if row is not None else None


def _first_rows(launch: LaunchMessage, now: datetime) -> tuple[Context, User, Membership, None]:
    """Find or create course, person and membership, each in one step a concurrent first launch cannot break."""
    session = get_session()
    context, _ = insert_or_get(
        session, Context, {"lms_id": launch.lms_id, "lti_context_id": _context_key(launch)},
        has_course=launch.course is not None, created_at=now,
    )  # fmt: skip
    user, _ = insert_or_get(session, User, {"lms_id": launch.lms_id, "sub": launch.person.sub}, created_at=now)
    membership, _ = insert_or_get(
        session, Membership, {"context_id": context.id, "user_id": user.id},
        entry_date=now.astimezone(get_timezone()).date(), first_launch_at=now, last_launch_at=now,
    )  # fmt: skip
    return context, user, membership, None


def _context_key(launch: LaunchMessage) -> str:
    """The course's id; without a course, a stand-in per deployment: nobody to follow, only someone to serve."""
    return launch.course.id if launch.course else f"deployment:{launch.registration_id}:{launch.deployment_id}"


def _fill_context(context: Context, launch: LaunchMessage) -> None:
    course = launch.course
    if course is not None:
        context.label = _cut(course.label, Context.label)
        context.title = _cut(course.title, Context.title) or context.label


def _fill_user(user: User, launch: LaunchMessage) -> None:
    person = launch.person
    # The LMS is the source of truth for personal data: what it stops sending is dropped.
    user.name = _cut(person.name, User.name) or None
    user.given_name = _cut(person.given_name, User.given_name) or None
    user.family_name = _cut(person.family_name, User.family_name) or None
    user.email = _cut(person.email, User.email) or None
    user.locale = _cut(person.locale, User.locale) or None


def _fill_membership(membership: Membership, launch: LaunchMessage, now: datetime) -> None:
    flags = map_roles(launch.roles)
    membership.roles = [role.uri for role in launch.roles]
    membership.is_learner, membership.is_tutor = flags.is_learner, flags.is_tutor
    membership.is_author, membership.is_admin, membership.is_mentor = flags.is_author, flags.is_admin, flags.is_mentor
    membership.mentor_scope = list(launch.mentor_scope)
    # The LMS's custom parameter fills the modality in; once set, it is the référent's to change.
    if membership.modality is None:
        membership.modality = _modality(launch.custom)
    membership.last_launch_at = now


def _modality(custom: Mapping[str, str]) -> str | None:
    """On site or remote, from a custom parameter the LMS may send (`modalite` or `modality`)."""
    value = custom.get("modalite") or custom.get("modality")
    if not value:
        return None
    return MODALITY_WORDS.get(value.strip().lower().replace(" ", "_").replace("-", "_"))


def _new_link(context: Context, launch: LaunchMessage) -> ResourceLink:
    assert launch.link is not None
    link, _ = insert_or_get(
        get_session(), ResourceLink, {"context_id": context.id, "lti_resource_link_id": launch.link.id},
        deployment_id=launch.deployment_id, updated_at=utcnow(),
    )  # fmt: skip
    return link


def _fill_link(link: ResourceLink, launch: LaunchMessage) -> None:
    assert launch.link is not None
    link.registration_id = launch.registration_id
    link.deployment_id = launch.deployment_id
    link.title = _cut(launch.link.title, ResourceLink.title)
    grades = launch.grades
    link.ags_lineitems_url = grades.lineitems_url if grades else None
    link.ags_lineitem_url = grades.lineitem_url if grades else None
    link.ags_scopes = list(grades.scopes) if grades else []
    link.nrps_url = launch.roster_url
    link.custom = dict(launch.custom)


def _cut(value: str | None, column: InstrumentedAttribute[Any]) -> str:
    """Free text cut to its column (lti/ cleaned it already); identifiers are never cut."""
    return (value or "")[: column.type.length].strip()
