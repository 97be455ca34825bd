"""A validated launch becomes rows: context, user, membership, resource link (DESIGN.md, data flow 2).

Whatever the LMS leaves out (names, email, context, known roles), the launch
still lands: missing facts are stored as missing and explained on the page.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import redirect, url_for
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute
from werkzeug.wrappers import Response

from lti import ValidatedLaunch
from lti import claims as c
from lti.launch import DEEP_LINKING_REQUEST, MAX_IDENTIFIER_LENGTH, storable
from lti.models import utcnow

from .content import get_catalogue
from .db import get_session
from .launch_context import set_binding_cookie, start_session
from .models import ON_SITE, REMOTE, Context, Membership, ResourceLink, User
from .roles import map_roles

PARIS = ZoneInfo("Europe/Paris")
MODALITY_WORDS = {
    "presentiel": ON_SITE, "présentiel": ON_SITE, "sur_site": ON_SITE, "on_site": ON_SITE, "onsite": ON_SITE,
    "distanciel": REMOTE, "a_distance": REMOTE, "à_distance": REMOTE, "remote": REMOTE,
}


def handle_launch(launch: ValidatedLaunch) -> Response:
    """Record who launched from where, open their launch session, then the right page for them."""
    membership = record_launch(launch)
    deep_linking = launch.message_type == DEEP_LINKING_REQUEST
    opened = start_session(
        membership, launch.frame_origin, launch.return_url, launch.launch_id if deep_linking else None
    )
    response = redirect(_first_page(launch, membership, deep_linking, opened.token), code=303)
    return set_binding_cookie(response, opened)


def _first_page(launch: ValidatedLaunch, membership: Membership, deep_linking: bool, token: str) -> str:
    if deep_linking:
        return url_for("placement.choose", lt=token)
    if membership.is_staff and membership.context.has_course:
        return url_for("tutor.dashboard", lt=token)
    if membership.is_author and not membership.is_learner:
        return url_for("author.index", lt=token)
    slug = _placed_module(launch.claims)
    if slug:
        return url_for("learner.module", slug=slug, lt=token)
    return url_for("learner.path", lt=token)


def _placed_module(claims: dict[str, Any]) -> str | None:
    """The module a link placed by deep linking opens directly (custom parameter `module`)."""
    slug = _object(claims, c.CUSTOM).get("module")
    return slug if isinstance(slug, str) and get_catalogue().get(slug) is not None else None


def record_launch(launch: ValidatedLaunch) -> Membership:
    """Create or update the rows of this launch and return the membership."""
    claims = launch.claims
    now = utcnow()
    context = _context(launch.platform_id, launch.deployment_id, claims)
    user = _user(launch.platform_id, claims)
    membership = _membership(context, user, claims, now)
    if launch.message_type != DEEP_LINKING_REQUEST:
        _resource_link(context, launch.deployment_id, claims)
    get_session().flush()
    return membership


def _context(platform_id: int, deployment_id: str, claims: dict[str, Any]) -> Context:
    claim = _object(claims, c.CONTEXT)
    has_course = bool(claim.get("id"))
    lti_id = str(claim["id"]) if has_course else f"deployment:{deployment_id}"
    session = get_session()
    context = session.scalars(
        select(Context).where(Context.platform_id == platform_id, Context.lti_context_id == lti_id)
    ).first()
    if context is None:
        context = Context(platform_id=platform_id, lti_context_id=lti_id, has_course=has_course)
        session.add(context)
    if has_course:
        context.label = _text(claim.get("label"), Context.label)
        context.title = _text(claim.get("title"), Context.title) or context.label
    return context


def _user(platform_id: int, claims: dict[str, Any]) -> User:
    session = get_session()
    sub = str(claims["sub"])
    user = session.scalars(select(User).where(User.platform_id == platform_id, User.sub == sub)).first()
    if user is None:
        user = User(platform_id=platform_id, sub=sub)
        session.add(user)
    # The LMS is the source of truth for personal data: what it stops sending is dropped.
    user.name = _text(claims.get("name"), User.name) or None
    user.given_name = _text(claims.get("given_name"), User.given_name) or None
    user.family_name = _text(claims.get("family_name"), User.family_name) or None
    user.email = _text(claims.get("email"), User.email) or None
    locale = claims.get("locale") or _object(claims, c.LAUNCH_PRESENTATION).get("locale")
    user.locale = _text(locale, User.locale) or None
    return user


def _membership(context: Context, user: User, claims: dict[str, Any], now: datetime) -> Membership:
    session = get_session()
    session.flush()
    membership = session.scalars(
        select(Membership).where(Membership.context_id == context.id, Membership.user_id == user.id)
    ).first()
    if membership is None:
        membership = Membership(
            context=context, user=user, entry_date=now.astimezone(PARIS).date(), first_launch_at=now
        )
        session.add(membership)
    roles = [r for r in claims.get(c.ROLES, []) if isinstance(r, str)]
    flags = map_roles(roles)
    membership.roles = roles
    membership.is_learner, membership.is_tutor = flags.is_learner, flags.is_tutor
    membership.is_author, membership.is_admin, membership.is_mentor = flags.is_author, flags.is_admin, flags.is_mentor
    scope = claims.get(c.ROLE_SCOPE_MENTOR)
    # Only what can be someone's sub: the scope is matched against stored subs.
    subs = [str(s) for s in scope] if isinstance(scope, list) else []
    membership.mentor_scope = [s for s in subs if storable(s) and len(s) <= MAX_IDENTIFIER_LENGTH]
    modality = _modality(_object(claims, c.CUSTOM))
    if modality:
        membership.modality = modality
    membership.last_launch_at = now
    return membership


def _modality(custom: dict[str, Any]) -> str | None:
    """On site or remote, from a custom parameter the LMS may send (`modalite` or `modality`)."""
    value = custom.get("modalite") or custom.get("modality")
    if not isinstance(value, str):
        return None
    return MODALITY_WORDS.get(value.strip().lower().replace(" ", "_").replace("-", "_"))


def _resource_link(context: Context, deployment_id: str, claims: dict[str, Any]) -> ResourceLink:
    session = get_session()
    link_claim = claims[c.RESOURCE_LINK]
    lti_id = str(link_claim["id"])
    link = session.scalars(
        select(ResourceLink).where(ResourceLink.context_id == context.id, ResourceLink.lti_resource_link_id == lti_id)
    ).first()
    if link is None:
        link = ResourceLink(context_id=context.id, lti_resource_link_id=lti_id)
        session.add(link)
    link.deployment_id = deployment_id
    link.title = _text(link_claim.get("title"), ResourceLink.title)
    ags = _object(claims, c.AGS_ENDPOINT)
    link.ags_lineitems_url = _text(ags.get("lineitems"), ResourceLink.ags_lineitems_url) or None
    link.ags_lineitem_url = _text(ags.get("lineitem"), ResourceLink.ags_lineitem_url) or None
    scopes = ags.get("scope")
    link.ags_scopes = [s for s in scopes if isinstance(s, str)] if isinstance(scopes, list) else []
    nrps = _object(claims, c.NRPS)
    link.nrps_url = _text(nrps.get("context_memberships_url"), ResourceLink.nrps_url) or None
    link.custom = _object(claims, c.CUSTOM)
    return link


def _object(claims: dict[str, Any], name: str) -> dict[str, Any]:
    """A claim that should be a JSON object; anything else reads as empty."""
    value = claims.get(name)
    return value if isinstance(value, dict) else {}


def _text(value: Any, column: InstrumentedAttribute[Any]) -> str:
    """Free text from a claim, trimmed, without what no database keeps (NUL, unpaired surrogates), cut to its column.

    Only for names, titles and the like: identifiers are never cut (lti.launch refuses them instead).
    """
    if not isinstance(value, str):
        return ""
    text = value.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8")
    return text.strip()[: column.type.length].strip()
