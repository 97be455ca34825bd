"""AGS scores (what the tool sends) and results (what the gradebook then holds).

The score endpoint checks in Moodle's order: the outage switch (a proxy in front),
the token and its scope (401), the line item (404, also once deleted), then the
score itself and whether its user can be graded (400 "Incorrect score received"),
then the timestamp (409).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from .ags_payloads import RESULT_CONTAINER_MEDIA_TYPE, SCORE_MEDIA_TYPE, incorrect_score, parse_score, result_json
from .api_errors import ApiError
from .bearer import require_scope
from .gradebook import LineItem, LineItemGone, Score, ScoreConflict
from .outage import Part
from .paging import paginate
from .platform import current_platform
from .roster import LEARNER
from .service_requests import json_body, json_response, line_item_or_404, no_content, subject_to_outage
from .urls import AGS_SCOPE_RESULT_READONLY, AGS_SCOPE_SCORE

bp = Blueprint("scores", __name__, url_prefix="/api/contexts/<context_id>/lineitems/<int:item_id>/lineitem")


@bp.post("/scores")
@subject_to_outage(Part.SCORES)
@require_scope(AGS_SCOPE_SCORE)
def post_score(context_id: str, item_id: int) -> Response:
    item = line_item_or_404(context_id, item_id)
    score = _gradable_score(json_body(SCORE_MEDIA_TYPE), item)
    try:
        current_platform().gradebook.record(score)
    except ScoreConflict as exc:
        raise ApiError(409, "conflict", str(exc)) from None
    except LineItemGone as exc:
        raise ApiError(404, "not_found", str(exc)) from None
    return no_content()


def _gradable_score(body: Any, item: LineItem) -> Score:
    """The score, if well formed and for a learner of the course; Moodle's 400 otherwise."""
    try:
        score = parse_score(body, item)
    except ApiError as exc:
        raise incorrect_score(exc.description) from None
    membership = current_platform().membership(score.user_id, item.context_id)
    # Like Moodle, only learners have a place in the gradebook (its "graded roles").
    if membership is None or LEARNER not in membership.roles:
        raise incorrect_score(f"`userId` {score.user_id!r} is not a learner of context {item.context_id!r}")
    return score


@bp.get("/results")
@subject_to_outage(Part.AGS)
@require_scope(AGS_SCOPE_RESULT_READONLY)
def list_results(context_id: str, item_id: int) -> Response:
    item = line_item_or_404(context_id, item_id)
    platform = current_platform()
    results = platform.gradebook.results(item.id)
    user_id = request.args.get("user_id")
    if user_id is not None:
        results = [r for r in results if r.user_id == user_id]
    page, link = paginate(results)
    body = [result_json(score, item, platform.urls) for score in page]
    return json_response(body, RESULT_CONTAINER_MEDIA_TYPE, headers={"Link": link} if link else None)
