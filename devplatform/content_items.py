"""The content items a tool sends back (LTI Deep Linking 2.0), read as strictly as Moodle reads them.

Only `ltiResourceLink` items are accepted, as the request said. One may carry a title, a text,
a url on the tool's own domain, custom parameters (string values) and a lineItem. What this
platform does not use (icon, thumbnail, iframe, window, available, submission…) is ignored,
as the spec lets a platform do. Every refusal says, in French, which item is wrong and why.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

RESOURCE_LINK = "ltiResourceLink"


class ResponseRefused(Exception):
    """The tool's deep linking response cannot be accepted; the message says why, for the page."""


@dataclass(frozen=True)
class LineItemRequest:
    """The line item the tool wants bound to its link: the platform creates it with the link."""

    score_maximum: float
    label: str | None = None
    resource_id: str | None = None
    tag: str | None = None


@dataclass(frozen=True)
class ContentItem:
    title: str | None = None
    text: str | None = None
    url: str | None = None
    custom: tuple[tuple[str, str], ...] = ()
    line_item: LineItemRequest | None = None


def read_content_items(value: Any, tool_domains: Collection[str]) -> tuple[ContentItem, ...]:
    """The items, in order; none when the claim is absent or empty (the teacher chose nothing)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ResponseRefused("content_items doit être une liste d'éléments.")
    return tuple(_item(item, f"l'élément n° {n} de content_items", tool_domains)
                 for n, item in enumerate(value, 1))


def _item(value: Any, where: str, tool_domains: Collection[str]) -> ContentItem:
    item = _object(value, where)
    if item.get("type") != RESOURCE_LINK:
        raise ResponseRefused(f"{where} est de type {item.get('type')!r} : seul « {RESOURCE_LINK} » est accepté.")
    return ContentItem(
        title=_optional_str(item, "title", where),
        text=_optional_str(item, "text", where),
        url=_url(item.get("url"), where, tool_domains),
        custom=_custom(item.get("custom"), where),
        line_item=_line_item(item.get("lineItem"), where),
    )


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ResponseRefused(f"{where} doit être un objet JSON.")
    return value


def _optional_str(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ResponseRefused(f"{where} : {key} doit être une chaîne de caractères.")
    return value or None


def _url(value: Any, where: str, tool_domains: Collection[str]) -> str | None:
    """The launch URL of the new link: http(s), and on the tool's domain (host[:port]) as registered."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ResponseRefused(f"{where} : url doit être une adresse.")
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 — urllib checks the port only when it is read
    except ValueError:
        raise ResponseRefused(f"{where} : l'adresse {value!r} a un port invalide.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or parts.fragment:
        raise ResponseRefused(f"{where} : l'adresse {value!r} doit être en http(s), "
                              "sans nom d'utilisateur ni fragment.")
    if parts.netloc.lower() not in tool_domains:
        raise ResponseRefused(f"{where} : l'adresse {value!r} n'est pas sur le domaine de l'outil "
                              f"({', '.join(sorted(tool_domains))}).")
    return value


def _custom(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    custom = _object(value, f"{where} : custom")
    if not all(isinstance(k, str) and k and isinstance(v, str) for k, v in custom.items()):
        raise ResponseRefused(f"{where} : custom doit associer des noms à des valeurs qui sont des chaînes.")
    return tuple(custom.items())


def _line_item(value: Any, where: str) -> LineItemRequest | None:
    if value is None:
        return None
    data = _object(value, f"{where} : lineItem")
    maximum = data.get("scoreMaximum")
    # bool is an int in Python, but `true` is not a maximum; NaN and infinities are not either.
    if isinstance(maximum, bool) or not isinstance(maximum, int | float) or not math.isfinite(maximum) \
            or maximum <= 0:
        raise ResponseRefused(f"{where} : lineItem.scoreMaximum est obligatoire et doit être un nombre > 0.")
    where = f"{where} : lineItem"
    return LineItemRequest(
        score_maximum=float(maximum),
        label=_optional_str(data, "label", where),
        resource_id=_optional_str(data, "resourceId", where),
        tag=_optional_str(data, "tag", where),
    )
