"""AGS line items: the course's container, and one line item at a Moodle-style URL."""

from __future__ import annotations

from flask import Blueprint, Response, request

from .ags_payloads import (
    LINEITEM_CONTAINER_MEDIA_TYPE,
    LINEITEM_MEDIA_TYPE,
    bad,
    line_item_json,
    parse_line_item,
)
from .api_errors import ApiError
from .bearer import require_scope
from .outage import Part
from .paging import paginate
from .platform import current_platform
from .service_requests import (
    context_or_404,
    json_body,
    json_response,
    line_item_or_404,
    no_content,
    subject_to_outage,
)
from .urls import AGS_SCOPE_LINEITEM, AGS_SCOPE_LINEITEM_READONLY

bp = Blueprint("lineitems", __name__, url_prefix="/api/contexts/<context_id>/lineitems")


@bp.get("")
@subject_to_outage(Part.AGS)
@require_scope(AGS_SCOPE_LINEITEM, AGS_SCOPE_LINEITEM_READONLY)
def list_line_items(context_id: str) -> Response:
    context_or_404(context_id)
    platform = current_platform()
    items = platform.gradebook.find(
        context_id,
        resource_link_id=request.args.get("resource_link_id"),
        resource_id=request.args.get("resource_id"),
        tag=request.args.get("tag"),
    )
    page, link = paginate(items)
    body = [line_item_json(item, platform.urls) for item in page]
    return json_response(body, LINEITEM_CONTAINER_MEDIA_TYPE, headers={"Link": link} if link else None)


@bp.post("")
@subject_to_outage(Part.AGS)
@require_scope(AGS_SCOPE_LINEITEM)
def create_line_item(context_id: str) -> Response:
    context = context_or_404(context_id)
    platform = current_platform()
    item = platform.gradebook.add(parse_line_item(json_body(LINEITEM_MEDIA_TYPE), context))
    data = line_item_json(item, platform.urls)
    return json_response(data, LINEITEM_MEDIA_TYPE, 201, {"Location": data["id"]})


@bp.get("/<int:item_id>/lineitem")
@subject_to_outage(Part.AGS)
@require_scope(AGS_SCOPE_LINEITEM, AGS_SCOPE_LINEITEM_READONLY)
def get_line_item(context_id: str, item_id: int) -> Response:
    item = line_item_or_404(context_id, item_id)
    return json_response(line_item_json(item, current_platform().urls), LINEITEM_MEDIA_TYPE)


@bp.put("/<int:item_id>/lineitem")
@subject_to_outage(Part.AGS)
@require_scope(AGS_SCOPE_LINEITEM)
def update_line_item(context_id: str, item_id: int) -> Response:
    item = line_item_or_404(context_id, item_id)
    platform = current_platform()
    body = json_body(LINEITEM_MEDIA_TYPE)
    own_url = platform.urls.lineitem(context_id, item_id)
    if isinstance(body, dict) and body.get("id", own_url) != own_url:
        raise bad(f"`id` in the body must be this line item's URL, {own_url}")
    updated = parse_line_item(body, context_or_404(context_id), item.id)
    if not platform.gradebook.replace(updated):
        raise bad(f"line item {item_id} was deleted meanwhile")
    return json_response(line_item_json(updated, platform.urls), LINEITEM_MEDIA_TYPE)


@bp.delete("/<int:item_id>/lineitem")
@subject_to_outage(Part.AGS)
@require_scope(AGS_SCOPE_LINEITEM)
def delete_line_item(context_id: str, item_id: int) -> Response:
    item = line_item_or_404(context_id, item_id)
    if not current_platform().gradebook.delete(item.id):
        raise ApiError(404, "not_found", f"Not Found: Grade item {item_id} doesn't exist")
    return no_content()
