"""Deep Linking 2.0: answer a platform's content selection with signed resource links.

The deep linking launch is validated like any other; its settings are kept with
the launch data (lti_stored_value), so the answer can be built after the person
has chosen, in a later request. pylti1p3's DeepLink signs the answer with the
tool's current key; the form that carries it back is the service's to render.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem
from sqlalchemy.orm import Session

from . import claims as c
from .storage import DbLaunchDataStorage
from .tool_conf import DbToolConf
from .validation import claimed_client_id


class SelectionExpired(Exception):
    """The deep linking launch is unknown or too old to answer."""


@dataclass(frozen=True)
class ContentItem:
    """One ltiResourceLink to place in the course."""

    title: str
    url: str
    custom: dict[str, str] = field(default_factory=dict)
    score_maximum: float | None = None
    resource_id: str | None = None
    tag: str | None = None


@dataclass(frozen=True)
class DeepLinkAnswer:
    return_url: str
    jwt: str


@dataclass(frozen=True)
class SelectionRequest:
    """A platform's deep linking request, as validated at launch."""

    claims: dict[str, Any]

    @property
    def settings(self) -> dict[str, Any]:
        settings = self.claims.get(c.DEEP_LINKING_SETTINGS)
        return settings if isinstance(settings, dict) else {}

    @property
    def accepts_multiple(self) -> bool:
        return self.settings.get("accept_multiple") not in (False, "false")


def load_request(session: Session, launch_id: str) -> SelectionRequest:
    """The deep linking request of launch `launch_id`; SelectionExpired if unknown or too old."""
    claims = DbLaunchDataStorage(session).get_value(launch_id)
    if not isinstance(claims, dict) or claims.get(c.MESSAGE_TYPE) != "LtiDeepLinkingRequest":
        raise SelectionExpired(launch_id)
    return SelectionRequest(claims)


def answer(session: Session, request: SelectionRequest, items: list[ContentItem]) -> DeepLinkAnswer:
    """Sign the answer to `request` with these items (none = cancel)."""
    claims = request.claims
    registration = DbToolConf(session).find_registration_by_params(claims["iss"], claimed_client_id(claims))
    if registration is None:
        raise SelectionExpired("platform no longer registered")
    deep_link = DeepLink(registration, claims[c.DEPLOYMENT_ID], request.settings)  # type: ignore[arg-type]
    token = deep_link.get_response_jwt([_resource(item) for item in items])
    return DeepLinkAnswer(return_url=request.settings["deep_link_return_url"], jwt=token)


def _resource(item: ContentItem) -> DeepLinkResource:
    resource = DeepLinkResource().set_title(item.title).set_url(item.url).set_custom_params(item.custom)
    if item.score_maximum is not None:
        line_item = LineItem().set_score_maximum(item.score_maximum).set_label(item.title)
        if item.resource_id:
            line_item.set_resource_id(item.resource_id)
        if item.tag:
            line_item.set_tag(item.tag)
        resource.set_lineitem(line_item)
    return resource
