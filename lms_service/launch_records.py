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
from datetime import datetime, timedelta
from typing import Any

from flask import redirect, url_for
from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import InstrumentedAttribute
from werkzeug.wrappers import Response

from lti import LaunchMessage

from .content import get_catalogue
from .db import as_utc, get_session, insert_or_get, utcnow
from .local_time import local_day
from .models import ON_SITE, REMOTE, Context, Membership, ResourceLink, User
from .name_keys import name_key
from .roles import map_roles
from .sessions import set_binding_cookie, start_session

ROSTER_ASK_EVERY = timedelta(hours=1)

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
    changed is written, at the request's commit; a first launch creates them
    with their values.
    """
    now = utcnow()
    context, user, membership, link = _known_rows(launch) or _first_rows(launch, now)
    _update(context, _context_values(launch))
    _update(user, _user_values(launch))
    _update(membership, _membership_values(launch, now, membership.modality))
    _keep_name_key(user, membership)
    if membership.first_launch_at is None:  # known from the roster until now
        membership.first_launch_at = now
    if membership.left_at is not None:  # a launch from the course says they are in it
        membership.left_at = None
    if launch.link is not None:
        _update(link or _new_link(context, launch, now), _link_values(launch))
    if membership.is_staff and _roster_due(context, now):
        context.roster_requested_at = now  # the worker reads the roster soon; never this request
    return membership


def _keep_name_key(user: User, membership: Membership) -> None:
    """The person's folded name on this membership and, when their name changed, on all their others."""
    key = name_key(user.given_name, user.family_name, user.name, user.email)
    if membership.name_key == key:
        return
    membership.name_key = key
    get_session().execute(update(Membership).where(Membership.user_id == user.id, Membership.name_key != key)
                          .values(name_key=key).execution_options(synchronize_session=False))  # fmt: skip


def _roster_due(context: Context, now: datetime) -> bool:
    """A tutor's launch asks for a fresh roster, once an hour at most (a launch writes nothing more otherwise)."""
    asked = context.roster_requested_at
    return context.has_course and (asked is None or as_utc(asked) < now - ROSTER_ASK_EVERY)


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
        has_course=launch.course is not None, created_at=now, **_context_values(launch),
    )  # fmt: skip
    user, _ = insert_or_get(
        session, User, {"lms_id": launch.lms_id, "sub": launch.person.sub}, created_at=now, **_user_values(launch)
    )
    membership, _ = insert_or_get(
        session, Membership, {"context_id": context.id, "user_id": user.id},
        entry_date=local_day(now), first_launch_at=now, **_membership_values(launch, now),
    )  # fmt: skip
    return context, user, membership, None


def _new_link(context: Context, launch: LaunchMessage, now: datetime) -> ResourceLink:
    assert launch.link is not None
    link, _ = insert_or_get(
        get_session(), ResourceLink, {"context_id": context.id, "lti_resource_link_id": launch.link.id},
        updated_at=now, **_link_values(launch),
    )  # fmt: skip
    return link


def _update(row: object, values: Mapping[str, Any]) -> None:
    """Set only what changed: a row given its own values again stays out of the flush."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _context_key(launch: LaunchMessage) -> str:
    """The course's id; without a course, a stand-in per deployment: nobody to follow, only someone to serve."""
    return launch.course.id if launch.course else f"deployment:{launch.registration_id}:{launch.deployment_id}"


def _context_values(launch: LaunchMessage) -> dict[str, Any]:
    course = launch.course
    if course is None:
        return {}
    label = _cut(course.label, Context.label)
    return {"label": label, "title": _cut(course.title, Context.title) or label}


def _user_values(launch: LaunchMessage) -> dict[str, Any]:
    person = launch.person
    # The LMS is the source of truth for personal data: what it stops sending is dropped.
    return {
        "name": _cut(person.name, User.name) or None,
        "given_name": _cut(person.given_name, User.given_name) or None,
        "family_name": _cut(person.family_name, User.family_name) or None,
        "email": _cut(person.email, User.email) or None,
        "locale": _cut(person.locale, User.locale) or None,
    }


def _membership_values(launch: LaunchMessage, now: datetime, modality: str | None = None) -> dict[str, Any]:
    flags = map_roles(launch.roles)
    return {
        "roles": [role.uri for role in launch.roles],
        "is_learner": flags.is_learner, "is_tutor": flags.is_tutor, "is_author": flags.is_author,
        "is_admin": flags.is_admin, "is_mentor": flags.is_mentor,
        "mentor_scope": list(launch.mentor_scope),
        # The LMS's custom parameter fills the modality in; once set, it is the référent's to change.
        "modality": modality if modality is not None else _modality(launch.custom),
        "last_launch_at": now,
    }  # fmt: skip


def _modality(custom: Mapping[str, str]) -> str | None:
    """On site or remote, from a custom parameter the LMS may send (`modalite` or `modality`)."""
    value = custom.get("modalite") or custom.get("modality")
    if not value:
        return None
    return MODALITY_WORDS.get(value.strip().lower().replace(" ", "_").replace("-", "_"))


def _link_values(launch: LaunchMessage) -> dict[str, Any]:
    assert launch.link is not None
    grades = launch.grades
    return {
        "registration_id": launch.registration_id,
        "deployment_id": launch.deployment_id,
        "title": _cut(launch.link.title, ResourceLink.title),
        "ags_lineitems_url": grades.lineitems_url if grades else None,
        "ags_lineitem_url": grades.lineitem_url if grades else None,
        "ags_scopes": list(grades.scopes) if grades else [],
        "nrps_url": launch.roster_url,
        "custom": dict(launch.custom),
    }


def _cut(value: str | None, column: InstrumentedAttribute[Any]) -> str:
    """Free text cut to its column (lti/ cleaned it already); identifiers are never cut."""
    return (value or "")[: column.type.length].strip()
