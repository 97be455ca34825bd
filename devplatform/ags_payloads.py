"""AGS 2.0 bodies: reading line items and scores strictly, writing them as the spec shows."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from .api_errors import ApiError
from .gradebook import FULLY_GRADED, LineItem, Score
from .roster import Context
from .urls import ServiceUrls

LINEITEM_MEDIA_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEM_CONTAINER_MEDIA_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
RESULT_CONTAINER_MEDIA_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"

ACTIVITY_PROGRESS = ("Initialized", "Started", "InProgress", "Submitted", "Completed")
GRADING_PROGRESS = ("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady")


# Moodle's answer to any score it will not keep, malformed or for a user who cannot be graded.
INCORRECT_SCORE = "Incorrect score received"


def bad(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)


def incorrect_score(message: str) -> ApiError:
    """Moodle's 400 for a refused score: "Incorrect score received" as the HTTP reason phrase,
    and as the start of the description, followed by why (Moodle's own body is just `[]`)."""
    return ApiError(400, "invalid_request", f"{INCORRECT_SCORE}: {message}", reason=INCORRECT_SCORE)


def parse_line_item(body: Any, context: Context, item_id: int = 0) -> LineItem:
    """A line item from a POST or PUT body; the server, not the tool, owns its id."""
    body = _object(body)
    label = body.get("label")
    if not isinstance(label, str) or not label.strip():
        raise bad("`label` is required and must be a non-empty string")
    score_maximum = _number(body, "scoreMaximum", required=True)
    if score_maximum is None or score_maximum <= 0:
        raise bad("`scoreMaximum` must be a number > 0")
    link_id = _optional_str(body, "resourceLinkId")
    if link_id is not None and link_id not in {link.id for link in context.links}:
        raise bad(f"`resourceLinkId` {link_id!r} is not a resource link of context {context.id!r}")
    return LineItem(
        id=item_id,
        context_id=context.id,
        label=label.strip(),
        score_maximum=score_maximum,
        resource_link_id=link_id,
        resource_id=_optional_str(body, "resourceId"),
        tag=_optional_str(body, "tag"),
        start_date_time=_optional_date(body, "startDateTime"),
        end_date_time=_optional_date(body, "endDateTime"),
    )


def line_item_json(item: LineItem, urls: ServiceUrls) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": urls.lineitem(item.context_id, item.id),
        "label": item.label,
        "scoreMaximum": item.score_maximum,
        "resourceLinkId": item.resource_link_id,
        "resourceId": item.resource_id,
        "tag": item.tag,
        "startDateTime": item.start_date_time,
        "endDateTime": item.end_date_time,
    }
    return {k: v for k, v in data.items() if v is not None}


def parse_score(body: Any, item: LineItem) -> Score:
    body = _object(body)
    user_id = body.get("userId")
    if not isinstance(user_id, str) or not user_id:
        raise bad("`userId` is required and must be a non-empty string")
    score_given = _number(body, "scoreGiven", required=False)
    score_maximum = _number(body, "scoreMaximum", required=score_given is not None)
    if score_given is not None and score_given < 0:
        raise bad("`scoreGiven` must be >= 0")
    if score_maximum is not None and score_maximum <= 0:
        raise bad("`scoreMaximum` must be > 0")
    comment = _optional_str(body, "comment")
    grading_progress = _choice(body, "gradingProgress", GRADING_PROGRESS)
    graded = grading_progress == FULLY_GRADED
    return Score(
        context_id=item.context_id,
        line_item_id=item.id,
        user_id=user_id,
        activity_progress=_choice(body, "activityProgress", ACTIVITY_PROGRESS),
        grading_progress=grading_progress,
        timestamp=_timestamp(body.get("timestamp")),
        # Moodle nulls scoreGiven unless FullyGraded, then saves that null: the grade is erased.
        score_given=score_given if graded else None,
        score_maximum=score_maximum,
        comment=comment,
        ignored_score_given=None if graded else score_given,
    )


def result_json(score: Score, item: LineItem, urls: ServiceUrls) -> dict[str, Any]:
    """A result as Moodle reports it: scaled to the line item's maximum, graded only when FullyGraded."""
    data: dict[str, Any] = {
        "id": urls.result(item.context_id, item.id, score.user_id),
        "scoreOf": urls.lineitem(item.context_id, item.id),
        "userId": score.user_id,
        "resultMaximum": item.score_maximum,
    }
    if score.graded and score.score_given is not None and score.score_maximum:
        data["resultScore"] = score.score_given / score.score_maximum * item.score_maximum
    if score.comment:
        data["comment"] = score.comment
    return data


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad("the body must be a JSON object")
    return body


def _number(body: dict[str, Any], key: str, required: bool) -> float | None:
    value = body.get(key)
    if value is None:
        if required:
            raise bad(f"`{key}` is required")
        return None
    # bool is an int in Python, but `true` is not a score; json also lets NaN through.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise bad(f"`{key}` must be a number, got {value!r}")
    return float(value)


def _optional_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise bad(f"`{key}` must be a string")
    return value or None


def _choice(body: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = body.get(key)
    if value not in allowed:
        raise bad(f"`{key}` must be one of {', '.join(allowed)}; got {value!r}")
    return str(value)


def _optional_date(body: dict[str, Any], key: str) -> str | None:
    value = _optional_str(body, key)
    if value is not None:
        _timestamp(value, key)
    return value


def _timestamp(value: Any, key: str = "timestamp") -> datetime:
    """An ISO 8601 date and time with its UTC offset, as the AGS spec requires."""
    if not isinstance(value, str):
        raise bad(f"`{key}` is required: an ISO 8601 date-time with a time zone")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise bad(f"`{key}` is not an ISO 8601 date-time: {value!r}") from None
    if moment.tzinfo is None:
        raise bad(f"`{key}` must carry a time zone (e.g. 2024-05-02T09:30:00.123Z): {value!r}")
    return moment
