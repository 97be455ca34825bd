"""Checks every service call shares: the outage switch, the course, the line item, type_id and the JSON body."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import Response, jsonify, request

from .api_errors import ApiError
from .gradebook import LineItem
from .outage import Part
from .platform import current_platform
from .roster import Context
from .urls import TYPE_ID

P = ParamSpec("P")
R = TypeVar("R")


def subject_to_outage(part: Part) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Let the view run unless the outage switch covers `part`; checked before the token, as a proxy would."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            plan = current_platform().outage.take(part)
            if plan is not None:
                headers = {"Retry-After": str(plan.retry_after)} if plan.retry_after is not None else {}
                raise ApiError(plan.status, "temporarily_unavailable",
                               "the gradebook service is switched off (the dev platform's outage switch)", headers)
            return view(*args, **kwargs)

        return guarded

    return decorate


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
    if item is None:  # never created, or deleted by a teacher or the tool: Moodle's words
        raise ApiError(404, "not_found", f"Not Found: Grade item {item_id} doesn't exist in context {context_id!r}")
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
