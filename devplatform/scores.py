"""AGS scores (what the tool sends) and results (what the gradebook then holds)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from .ags_payloads import RESULT_CONTAINER_MEDIA_TYPE, SCORE_MEDIA_TYPE, bad, parse_score, result_json
from .api_errors import ApiError
from .bearer import require_scope
from .gradebook import ScoreConflict
from .paging import paginate
from .platform import current_platform
from .roster import LEARNER
from .service_requests import json_body, json_response, line_item_or_404, no_content
from .urls import AGS_SCOPE_RESULT_READONLY, AGS_SCOPE_SCORE

bp = Blueprint("scores", __name__, url_prefix="/api/contexts/<context_id>/lineitems/<int:item_id>/lineitem")


@bp.post("/scores")
@require_scope(AGS_SCOPE_SCORE)
def post_score(context_id: str, item_id: int) -> Response:
    item = line_item_or_404(context_id, item_id)
    platform = current_platform()
    score = parse_score(json_body(SCORE_MEDIA_TYPE), item)
    membership = platform.membership(score.user_id, context_id)
    # Like Moodle, only learners have a place in the gradebook (its "graded roles").
    if membership is None or LEARNER not in membership.roles:
        raise bad(f"`userId` {score.user_id!r} is not a learner of context {context_id!r}")
    try:
        platform.gradebook.record(score)
    except ScoreConflict as exc:
        raise ApiError(409, "conflict", str(exc)) from None
    return no_content()


@bp.get("/results")
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
