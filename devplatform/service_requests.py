"""Checks every service call shares: the course, the line item, type_id and the JSON body."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, jsonify, request

from .api_errors import ApiError
from .gradebook import LineItem
from .platform import current_platform
from .roster import Context
from .urls import TYPE_ID


def context_or_404(context_id: str) -> Context:
    context = current_platform().contexts.get(context_id)
    if context is None:
        raise ApiError(404, "not_found", f"no context {context_id!r} on this platform")
    return context


def line_item_or_404(context_id: str, item_id: int) -> LineItem:
    """The line item named by a Moodle-style URL, which must keep its ?type_id= query."""
    context_or_404(context_id)
    type_id = request.args.get("type_id")
    if type_id is None:
        raise ApiError(400, "invalid_request",
                       "the type_id query parameter is missing: keep the query string of the line item URL")
    if type_id != TYPE_ID:
        raise ApiError(404, "not_found", f"no tool type {type_id!r} on this platform")
    item = current_platform().gradebook.get(context_id, item_id)
    if item is None:
        raise ApiError(404, "not_found", f"no line item {item_id} in context {context_id!r}")
    return item


def json_body(media_type: str) -> Any:
    """The request's JSON, which must be sent with the media type the spec names."""
    if request.mimetype != media_type:
        raise ApiError(415, "unsupported_media_type",
                       f"Content-Type must be {media_type}, got {request.mimetype or 'none'!r}")
    try:
        return json.loads(request.get_data(as_text=True))
    except ValueError:
        raise ApiError(400, "invalid_request", "the body is not valid JSON") from None


def no_content() -> Response:
    response = Response(status=204)
    del response.headers["Content-Type"]  # nothing follows, so nothing to type
    return response


def json_response(data: Any, media_type: str, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    response = jsonify(data)
    response.status_code = status
    response.mimetype = media_type
    response.headers.update(headers or {})
    return response
