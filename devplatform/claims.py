"""The id_token of a resource link launch, shaped as Moodle shapes it, and the claims every message shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .custom_variables import substitute
from .hints import RESOURCE_LINK_REQUEST
from .roster import Context, Membership, ResourceLink, User
from .settings import ToolRegistration
from .urls import AGS_SCOPES, NRPS_SCOPE, ServiceUrls

LTI_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
ID_TOKEN_LIFETIME_SECONDS = 60
PLATFORM_NAME = "Plateforme de démonstration"


@dataclass(frozen=True)
class Launch:
    """Who launches what, where: everything /auth learnt from the message hint.

    `link` is None for a deep linking request, which asks the tool for links yet to exist.
    """

    user: User
    context: Context
    link: ResourceLink | None
    membership: Membership
    nonce: str
    document_target: str
    line_item_id: int | None


def resource_link_claims(launch: Launch, registration: ToolRegistration, urls: ServiceUrls,
                         now: int) -> dict[str, Any]:
    """An LtiResourceLinkRequest; a link made by deep linking launches the tool's own url for it."""
    if launch.link is None:
        raise ValueError("a resource link launch needs a resource link")
    link: dict[str, str] = {"id": launch.link.id, "title": launch.link.title}
    if launch.link.text:
        link["description"] = launch.link.text
    return {
        **message_claims(launch, registration, urls, now, RESOURCE_LINK_REQUEST),
        LTI_CLAIM + "target_link_uri": launch.link.url or registration.target_link_uri,
        LTI_CLAIM + "resource_link": link,
    }


def message_claims(launch: Launch, registration: ToolRegistration, urls: ServiceUrls, now: int,
                   message_type: str) -> dict[str, Any]:
    """The claims every message from this platform carries, whatever its type."""
    claims: dict[str, Any] = {
        "iss": urls.base,
        "aud": registration.client_id,  # a string, not a list, as Moodle sends it
        "sub": launch.user.id,
        "iat": now,
        "exp": now + ID_TOKEN_LIFETIME_SECONDS,
        "nonce": launch.nonce,
        **launch.user.profile(),
        LTI_CLAIM + "message_type": message_type,
        LTI_CLAIM + "version": "1.3.0",
        LTI_CLAIM + "deployment_id": registration.deployment_id,
        LTI_CLAIM + "roles": list(launch.membership.roles),
        LTI_CLAIM + "context": _context(launch.context),
        LTI_CLAIM + "tool_platform": _tool_platform(urls),
        LTI_CLAIM + "launch_presentation": {
            "document_target": launch.document_target,
            "locale": "fr-FR",
            "return_url": urls.return_url(launch.context.id),
        },
        LTI_CLAIM + "custom": _custom(launch, registration),
        **_services(launch, registration.granted_scopes, urls),
    }
    if launch.membership.mentees:
        claims[LTI_CLAIM + "role_scope_mentor"] = list(launch.membership.mentees)
    return claims


def _custom(launch: Launch, registration: ToolRegistration) -> dict[str, str]:
    """The link's parameters, then the tool's, which win as in Moodle; the user's (this platform's
    stand-in for profile fields) win over both."""
    link = substitute(launch.link.custom, launch) if launch.link else {}
    return {**link, **substitute(registration.custom_parameters, launch), **launch.user.custom}


def _context(context: Context) -> dict[str, Any]:
    return {
        "id": context.id,
        "label": context.label,
        "title": context.title,
        "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
    }


def _tool_platform(urls: ServiceUrls) -> dict[str, str]:
    return {
        "guid": urls.base.split("://", 1)[-1],
        "name": PLATFORM_NAME,
        "product_family_code": "devplatform",
        "version": "1.0",
    }


def _services(launch: Launch, granted: frozenset[str], urls: ServiceUrls) -> dict[str, Any]:
    """AGS and NRPS claims; like Moodle, a service the tool was not granted is not announced."""
    claims: dict[str, Any] = {}
    ags_scopes = [s for s in AGS_SCOPES if s in granted]
    if ags_scopes:
        claims[AGS_CLAIM] = _ags(launch, urls, ags_scopes)
    if NRPS_SCOPE in granted:
        claims[NRPS_CLAIM] = {
            "context_memberships_url": urls.memberships(launch.context.id),
            "service_versions": ["2.0"],
        }
    return claims


def _ags(launch: Launch, urls: ServiceUrls, scopes: list[str]) -> dict[str, Any]:
    endpoint: dict[str, Any] = {"scope": scopes, "lineitems": urls.lineitems(launch.context.id)}
    if launch.line_item_id is not None:
        endpoint["lineitem"] = urls.lineitem(launch.context.id, launch.line_item_id)
    return endpoint
