"""Course activities made from an accepted deep linking response: one resource link per content item,
and the line item bound to it when the tool asked for one."""

from __future__ import annotations

import secrets

from .content_items import ContentItem, ResponseRefused
from .deep_linking_claims import DEFAULT_TITLE
from .deep_linking_data import InvalidDeepLinkingData
from .deep_linking_response import DeepLinkingResponse
from .gradebook import LineItem
from .platform import Platform
from .roster import ResourceLink


def create_activities(platform: Platform, context_id: str, response: DeepLinkingResponse) -> list[ResourceLink]:
    """Use up the request's data, then create its activities; ResponseRefused if another response came first.

    As in Moodle, a response carrying an errormsg creates nothing: the tool says it failed.
    """
    try:
        platform.deep_links.use(response.data)
    except InvalidDeepLinkingData as exc:
        raise ResponseRefused(f"la valeur data n'est plus valable : {exc}.") from None
    if "errormsg" in response.messages:
        return []
    return [_create(platform, context_id, item) for item in response.items]


def _create(platform: Platform, context_id: str, item: ContentItem) -> ResourceLink:
    link = ResourceLink(id=new_link_id(), title=item.title or DEFAULT_TITLE, url=item.url,
                        custom=item.custom, text=item.text)
    platform.add_link(context_id, link)
    if item.line_item is not None:
        wanted = item.line_item
        platform.gradebook.add(LineItem(0, context_id, wanted.label or link.title, wanted.score_maximum,
                                        resource_link_id=link.id, resource_id=wanted.resource_id, tag=wanted.tag))
    return link


def new_link_id() -> str:
    """Opaque and unique, as the core spec asks of a resource link id."""
    return "activite-" + secrets.token_hex(6)
