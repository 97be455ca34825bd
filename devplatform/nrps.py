"""NRPS 2.0: the course roster, so the tool sees learners who never launched it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from .bearer import require_scope
from .paging import paginate
from .platform import current_platform
from .roster import Membership, User, has_role
from .service_requests import context_or_404, json_response
from .urls import NRPS_SCOPE

MEMBERSHIP_CONTAINER_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"

bp = Blueprint("nrps", __name__)


@bp.get("/api/contexts/<context_id>/memberships")
@require_scope(NRPS_SCOPE)
def memberships(context_id: str) -> Response:
    context = context_or_404(context_id)
    platform = current_platform()
    members = platform.members(context_id)
    role = request.args.get("role")
    if role:
        members = [(u, m) for u, m in members if has_role(m.roles, role)]
    page, link = paginate(members)
    body = {
        "id": platform.urls.memberships(context_id),
        "context": {"id": context.id, "label": context.label, "title": context.title},
        "members": [_member(user, membership) for user, membership in page],
    }
    return json_response(body, MEMBERSHIP_CONTAINER_MEDIA_TYPE, headers={"Link": link} if link else None)


def _member(user: User, membership: Membership) -> dict[str, Any]:
    profile = {k: v for k, v in user.profile().items() if k != "locale"}  # not an NRPS member field
    return {"status": "Active", "user_id": user.id, **profile, "roles": list(membership.roles)}
