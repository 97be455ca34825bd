"""The id_token of a deep linking request (LTI Deep Linking 2.0), shaped as Moodle shapes it.

It has no resource_link claim: it asks the tool to choose the links the course will hold.
"""

from __future__ import annotations

from typing import Any

from .claims import LTI_CLAIM, Launch, message_claims
from .hints import DEEP_LINKING_REQUEST
from .settings import ToolRegistration
from .urls import ServiceUrls

DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
DEEP_LINKING_SETTINGS = DL_CLAIM + "deep_linking_settings"
ACCEPT_TYPES = ("ltiResourceLink",)
ACCEPT_DOCUMENT_TARGETS = ("iframe", "window")
# The spec's defaults for what the tool returns; an item without a title gets this one.
DEFAULT_TITLE = "Nouvelle activité"


def deep_linking_claims(launch: Launch, registration: ToolRegistration, urls: ServiceUrls, now: int,
                        data: str) -> dict[str, Any]:
    """An LtiDeepLinkingRequest; `data` must come back, unchanged, with the tool's answer."""
    return {
        **message_claims(launch, registration, urls, now, DEEP_LINKING_REQUEST),
        LTI_CLAIM + "target_link_uri": registration.target_link_uri,
        DEEP_LINKING_SETTINGS: {
            "deep_link_return_url": urls.deep_link_return(launch.context.id),
            "accept_types": list(ACCEPT_TYPES),
            "accept_presentation_document_targets": list(ACCEPT_DOCUMENT_TARGETS),
            "accept_multiple": True,
            "accept_lineitem": True,
            "auto_create": True,
            "title": DEFAULT_TITLE,
            "text": f"Activité à ajouter au cours « {launch.context.title} »",
            "data": data,
        },
    }
